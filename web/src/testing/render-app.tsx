import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createRoutes } from '@/app/router';
import { clearSession, setSession, type SessionUser } from '@/lib/auth/session';
import { createQueryClient } from '@/lib/query-client';

export function testUser(overrides: Partial<SessionUser> = {}): SessionUser {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    email: 'ana@example.com',
    nombre: 'Ana',
    rol: 'admin',
    debe_cambiar_password: false,
    ...overrides,
  };
}

/** Renders the real route tree at `path`, signed in as `usuario` when given. */
export function renderApp(path: string, usuario?: SessionUser) {
  if (usuario === undefined) clearSession('logout');
  else setSession({ accessToken: 'test-token', usuario });
  const router = createMemoryRouter(createRoutes(), { initialEntries: [path] });
  const view = render(
    <AppProvider queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, router };
}
