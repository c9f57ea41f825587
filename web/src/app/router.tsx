import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '@/components/errors/route-error';
import { PAGES } from '@/config/navigation';
import { paths } from '@/config/paths';
import { esAR } from '@/lib/i18n/es-AR';
import { AppRoot } from './routes/app-root';
import { RequirePage, RequireSession } from './routes/guards';
import { PagePlaceholder } from './routes/page-placeholder';

function Loading() {
  return (
    <p className="loading" role="status">
      {esAR.estados.cargando}
    </p>
  );
}

function pageRoute(page: (typeof PAGES)[number]): RouteObject {
  return {
    path: page.path,
    element: (
      <RequirePage page={page}>
        <PagePlaceholder pageId={page.id} />
      </RequirePage>
    ),
  };
}

/**
 * The route tree (ui.md §2). Deny by default: a path not listed is Not Found, and every page
 * checks its main operation's roles. Each page module is its own chunk.
 */
export function createRoutes(): RouteObject[] {
  return [
    {
      errorElement: <RouteError />,
      hydrateFallbackElement: <Loading />,
      children: [
        {
          path: paths.login,
          lazy: async () => ({ Component: (await import('./routes/login')).LoginRoute }),
        },
        {
          element: <RequireSession />,
          children: [
            {
              element: <AppRoot />,
              children: [
                {
                  index: true,
                  lazy: async () => ({ Component: (await import('./routes/dashboard')).DashboardRoute }),
                },
                ...PAGES.filter((p) => p.fullScreen !== true).map(pageRoute),
                {
                  path: paths.sinPermiso,
                  lazy: async () => ({ Component: (await import('./routes/forbidden')).ForbiddenRoute }),
                },
                {
                  path: '*',
                  lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }),
                },
              ],
            },
            // POS and Pocket are full-screen pages without the layout (ui.md §2).
            ...PAGES.filter((p) => p.fullScreen === true).map(pageRoute),
          ],
        },
      ],
    },
  ];
}

export function createAppRouter() {
  return createBrowserRouter(createRoutes());
}
