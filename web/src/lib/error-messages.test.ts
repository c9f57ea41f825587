import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { CLIENT_ERROR_CODES, SERVER_ERROR_CODES } from './error-codes';
import { ERROR_MESSAGES, messageFor, SERVER_MESSAGE } from './error-messages';

function apiError(code: string, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}): ApiError {
  return new ApiError({ code, message: 'Mensaje del servidor.', status: 409, requestId: 'r1', ...extra });
}

describe('error-code table', () => {
  it('has an entry — a message or an explicit SERVER_MESSAGE — for every code of api.md §2 and the client', () => {
    const table: Readonly<Record<string, unknown>> = ERROR_MESSAGES;
    const missing = [...SERVER_ERROR_CODES, ...CLIENT_ERROR_CODES].filter((code) => !(code in table));
    expect(missing).toEqual([]);
    for (const [code, entry] of Object.entries(table)) {
      const valid = entry === SERVER_MESSAGE || typeof entry === 'function' || (typeof entry === 'string' && entry !== '');
      expect(valid, code).toBe(true);
    }
  });

  it('lists no code twice and nothing outside the known codes', () => {
    expect(new Set(SERVER_ERROR_CODES).size).toBe(SERVER_ERROR_CODES.length);
    const known = new Set<string>([...SERVER_ERROR_CODES, ...CLIENT_ERROR_CODES]);
    expect(Object.keys(ERROR_MESSAGES).filter((c) => !known.has(c))).toEqual([]);
  });

  it('maps the fixed messages of ui.md §4 item 10', () => {
    expect(messageFor(apiError('FORBIDDEN'))).toBe('No tenés permiso para esta acción.');
    expect(messageFor(apiError('VERSION_CONFLICT'))).toBe(
      'Alguien lo cambió recién. Actualizamos los datos; revisá y probá de nuevo.',
    );
    expect(messageFor(apiError('CASH_SESSION_CLOSED'))).toBe('La caja está cerrada. Abrila para cobrar.');
    expect(messageFor(apiError('NETWORK_ERROR'))).toBe('No hay conexión con el servidor. Verificá la red.');
    expect(messageFor(apiError('TIMEOUT'))).toBe('El servidor no respondió a tiempo.');
    expect(messageFor(apiError('REQUEST_CANCELLED'))).toBe('Cancelaste la espera.');
  });

  it('uses the server message for codes marked SERVER_MESSAGE and for unknown codes', () => {
    expect(messageFor(apiError('LAST_ADMIN'))).toBe('Mensaje del servidor.');
    expect(messageFor(apiError('SOMETHING_NEW'))).toBe('Mensaje del servidor.');
    expect(messageFor(apiError('SOMETHING_NEW', { message: '  ' }))).toBe('Ocurrió un error. Probá de nuevo.');
  });

  it('fills in details where the code defines them', () => {
    expect(messageFor(apiError('DUPLICATE', { details: { campo: 'codigo_barras' } }))).toBe(
      'Ya existe uno con ese código de barras.',
    );
    expect(messageFor(apiError('PRICE_CHANGED', { details: { total_centavos: 123456 } }))).toBe(
      'Los precios cambiaron; el total nuevo es $ 1.234,56.',
    );
    expect(
      messageFor(apiError('CREDIT_LIMIT_EXCEEDED', { details: { saldo_centavos: 30000, limite_centavos: 50000, total_centavos: 25000 } })),
    ).toBe('El cliente supera su límite de crédito (disponible $ 200,00).');
    expect(messageFor(apiError('MARGIN_BELOW_MINIMUM', { details: { markup_bp: 1250, markup_minimo_bp: 3000 } }))).toBe(
      'El markup queda en 12,50 %, debajo del mínimo de 30,00 %.',
    );
    expect(
      messageFor(apiError('INSUFFICIENT_STOCK', { details: { items: [{ producto_id: 'p', disponible: 3, solicitado: 5 }] } }), {
        producto: 'Yerba 1 kg',
      }),
    ).toBe('No alcanza el stock: hay 3 de Yerba 1 kg.');
    expect(messageFor(apiError('PRODUCT_INACTIVE'), { producto: 'Yerba 1 kg' })).toBe(
      'Yerba 1 kg no se puede vender (inactivo o sin precio).',
    );
    expect(messageFor(apiError('RATE_LIMITED', { retryAfterS: 20 }))).toBe('Demasiados intentos; esperá 20 s.');
    expect(messageFor(apiError('RATE_LIMITED', { details: { politica: 'write', reintentar_en_s: 7 } }))).toBe(
      'Demasiados intentos; esperá 7 s.',
    );
  });

  it('falls back to the server message when the details are missing', () => {
    expect(messageFor(apiError('DUPLICATE'))).toBe('Mensaje del servidor.');
    expect(messageFor(apiError('PRICE_CHANGED', { details: { total_centavos: 'x' } }))).toBe('Mensaje del servidor.');
    expect(messageFor(apiError('INSUFFICIENT_STOCK', { details: { items: [{ disponible: 3 }] } }))).toBe(
      'Mensaje del servidor.',
    );
  });
});
