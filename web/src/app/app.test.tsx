import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearSession, getSession } from '@/lib/auth/session';
import { apiUrl, server } from '@/testing/msw-server';
import { renderApp, testUser } from '@/testing/render-app';

vi.mock('@/generated/roles', async () => ({
  OPERATIONS: (await import('@/testing/fixtures/operations')).FIXTURE_OPERATIONS,
}));

afterEach(() => {
  clearSession('logout');
});

describe('routing without a session', () => {
  it('sends a deep link to /login?volver=<path>', async () => {
    const { router } = renderApp('/productos?q=yerba');
    expect(await screen.findByRole('heading', { level: 1, name: 'Ingresá a Mini Market' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe(`?volver=${encodeURIComponent('/productos?q=yerba')}`);
  });

  it('sends unknown paths to the login page too', async () => {
    const { router } = renderApp('/no-existe');
    await screen.findByRole('button', { name: 'Ingresar' });
    expect(router.state.location.pathname).toBe('/login');
  });
});

describe('login', () => {
  it('signs in with the server and goes back to the page it came from', async () => {
    let body: unknown = null;
    server.use(
      http.post(apiUrl('/auth/login'), async ({ request }) => {
        body = await request.json();
        expect(request.headers.get('authorization')).toBeNull();
        return HttpResponse.json(
          {
            success: true,
            data: {
              access_token: 'jwt-1',
              token_type: 'Bearer',
              expires_in: 900,
              usuario: testUser({ nombre: 'Beto', rol: 'deposito' }),
            },
            requestId: 'login-1',
          },
          { headers: { 'x-request-id': 'login-1' } },
        );
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/login?volver=%2Fstock');
    await user.type(await screen.findByLabelText('Email'), ' beto@example.com ');
    await user.type(screen.getByLabelText('Contraseña'), 'demo-minimarket');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Stock' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/stock');
    expect(body).toEqual({ email: 'beto@example.com', password: 'demo-minimarket' });
    expect(getSession()?.accessToken).toBe('jwt-1');
    expect(screen.getByText('Beto · Depósito')).toBeTruthy();
  });

  it("shows the login's message for bad credentials with the request reference", async () => {
    server.use(
      http.post(apiUrl('/auth/login'), () =>
        HttpResponse.json(
          { success: false, error: { code: 'INVALID_CREDENTIALS', message: 'Email o contraseña incorrectos.' }, requestId: 'req-abc' },
          { status: 401, headers: { 'x-request-id': 'req-abc' } },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/login');
    await user.type(await screen.findByLabelText('Email'), 'ana@example.com');
    await user.type(screen.getByLabelText('Contraseña'), 'mala');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Email o contraseña incorrectos.')).toBeTruthy();
    expect(within(alert).getByText('Ref: req-abc')).toBeTruthy();
    expect(getSession()).toBeNull();
  });

  it('says how long a locked account must wait', async () => {
    server.use(
      http.post(apiUrl('/auth/login'), () =>
        HttpResponse.json(
          { success: false, error: { code: 'LOGIN_LOCKED', message: 'Bloqueado.' }, requestId: 'r' },
          { status: 429, headers: { 'Retry-After': '900' } },
        ),
      ),
    );
    const user = userEvent.setup();
    renderApp('/login');
    await user.type(await screen.findByLabelText('Email'), 'ana@example.com');
    await user.type(screen.getByLabelText('Contraseña'), 'x');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByText('Demasiados intentos; probá de nuevo en 15 minutos.')).toBeTruthy();
  });

  it('asks for both fields without calling the server', async () => {
    const user = userEvent.setup();
    renderApp('/login');
    await user.click(await screen.findByRole('button', { name: 'Ingresar' }));
    expect(screen.getByRole('alert').textContent).toBe('Completá el email y la contraseña.');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the slow hint after 3 s and lets the user stop waiting', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] });
    try {
      server.use(
        http.post(
          apiUrl('/auth/login'),
          ({ request }) =>
            new Promise<Response>((resolve) => {
              request.signal.addEventListener('abort', () => resolve(new Response(null, { status: 599 })));
            }),
        ),
      );
      const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
      renderApp('/login');
      await user.type(await screen.findByLabelText('Email'), 'ana@example.com');
      await user.type(screen.getByLabelText('Contraseña'), 'x');
      await user.click(screen.getByRole('button', { name: 'Ingresar' }));
      expect(screen.getByRole('button', { name: 'Ingresando…' })).toBeTruthy();
      expect(screen.queryByText('Está tardando más de lo normal…')).toBeNull();
      await vi.advanceTimersByTimeAsync(3000);
      expect(await screen.findByText('Está tardando más de lo normal…')).toBeTruthy();
      await user.click(screen.getByRole('button', { name: 'Cancelar' }));
      expect(await screen.findByText('Cancelaste la espera.')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Ingresar' })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a signed-in user away from /login', async () => {
    const { router } = renderApp('/login', testUser());
    expect(await screen.findByRole('heading', { level: 1, name: 'Inicio' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
  });
});

describe('signed-in shell', () => {
  it('shows the dashboard with the sidebar groups the role may use', async () => {
    renderApp('/', testUser({ rol: 'admin', nombre: 'Ana' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Inicio' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Menú principal' });
    for (const group of ['Vender', 'Mercadería', 'Día a día', 'Gestión']) {
      expect(within(nav).getByRole('heading', { name: group })).toBeTruthy();
    }
    expect(within(nav).getByRole('link', { name: 'Punto de venta' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Jobs y Salud' })).toBeTruthy();
  });

  it('hides pages whose operation the role lacks, and groups left empty', async () => {
    renderApp('/', testUser({ rol: 'usuario' }));
    await screen.findByRole('heading', { level: 1, name: 'Inicio' });
    const nav = screen.getByRole('navigation', { name: 'Menú principal' });
    const links = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(links).toEqual(['Inicio', 'Stock', 'Tareas']);
    expect(within(nav).queryByRole('heading', { name: 'Vender' })).toBeNull();
    expect(within(nav).queryByRole('heading', { name: 'Gestión' })).toBeNull();
  });

  it('hides pages whose operation the server does not publish yet', async () => {
    renderApp('/', testUser({ rol: 'admin' }));
    const nav = await screen.findByRole('navigation', { name: 'Menú principal' });
    expect(within(nav).queryByRole('link', { name: 'Kardex' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Reportes' })).toBeTruthy();
  });

  it('shows "Página no encontrada" for unknown paths', async () => {
    renderApp('/no-existe', testUser());
    expect(await screen.findByRole('heading', { level: 1, name: 'Página no encontrada' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Menú principal' })).toBeTruthy();
  });

  it('sends an allowed path opened without the permission to /sin-permiso', async () => {
    const { router } = renderApp('/pos', testUser({ rol: 'usuario' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'No tenés permiso para ver esta página' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sin-permiso');
  });

  it('opens a permitted page', async () => {
    renderApp('/productos', testUser({ rol: 'ventas' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Productos' })).toBeTruthy();
  });

  it('signs out with "Salir"', async () => {
    let loggedOut = false;
    server.use(
      http.post(apiUrl('/auth/logout'), () => {
        loggedOut = true;
        return HttpResponse.json({ success: true, data: { sesion_cerrada: true }, requestId: 'x' });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderApp('/', testUser());
    await user.click(await screen.findByRole('button', { name: 'Salir' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ingresá a Mini Market' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(getSession()).toBeNull();
    await vi.waitFor(() => expect(loggedOut).toBe(true));
  });
});
