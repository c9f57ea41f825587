import { setupServer } from 'msw/node';

export const server = setupServer();

const unhandled: string[] = [];

server.events.on('request:unhandled', ({ request }) => {
  unhandled.push(`${request.method} ${request.url}`);
});

/** Requests no handler answered since the last call. */
export function takeUnhandledRequests(): string[] {
  return unhandled.splice(0, unhandled.length);
}

/** The absolute URL of an API path as the client builds it in tests (jsdom at localhost:3000). */
export function apiUrl(path: string): string {
  return `http://localhost:3000/api${path}`;
}
