import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server, takeUnhandledRequests } from './msw-server';

// MSW fails the test on any request it has no handler for (bulletproof-react's rule):
// the request errors, and the afterEach below fails the test that made it.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  const unhandled = takeUnhandledRequests();
  if (unhandled.length > 0) {
    throw new Error(`Unmocked requests: ${unhandled.join(', ')}`);
  }
});
afterAll(() => server.close());
