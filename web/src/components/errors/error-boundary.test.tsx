import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ClientErrorPayload } from '@/lib/client-errors';
import { apiUrl, server } from '@/testing/msw-server';
import { ErrorBoundary } from './error-boundary';

let shouldThrow = true;

function Fragile() {
  const [n] = useState(1);
  if (shouldThrow) throw new Error('La pantalla se rompió (prueba)');
  return <p>{`Todo bien ${n}`}</p>;
}

describe('ErrorBoundary', () => {
  it('reports the error, shows "Algo salió mal" with the error id, and retries', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reports: ClientErrorPayload[] = [];
    server.use(
      http.post(apiUrl('/client-errors'), async ({ request }) => {
        reports.push((await request.json()) as ClientErrorPayload);
        return HttpResponse.json({ success: true, data: { recibido: true }, requestId: 'ce-1' }, { status: 202 });
      }),
    );
    shouldThrow = true;
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );

    expect(screen.getByRole('heading', { name: 'Algo salió mal' })).toBeTruthy();
    const code = screen.getByText(/^Código del error: ERR-/);
    const errorId = code.textContent.replace('Código del error: ', '');

    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toMatchObject({
      mensaje: 'La pantalla se rompió (prueba)',
      error_id: errorId,
      origen: 'error_boundary',
      ruta: '/',
      nivel: 'error',
    });
    expect(reports[0]?.stack).toContain('Fragile');
    expect(typeof reports[0]?.build_id).toBe('string');

    shouldThrow = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Intentar de nuevo' }));
    expect(screen.getByText('Todo bien 1')).toBeTruthy();
  });
});
