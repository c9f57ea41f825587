import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';
import { reportClientError } from './client-errors';

/**
 * Errors that are not ApiErrors come from our own code inside a query or mutation function
 * (a bug, not a server answer): report them. ApiErrors were already reported by the client
 * when they deserved it.
 */
function reportUnexpected(error: unknown): void {
  if (isApiError(error)) return;
  const err = error instanceof Error ? error : new Error(String(error));
  reportClientError({
    origen: 'query',
    mensaje: err.message,
    ...(err.stack === undefined ? {} : { stack: err.stack }),
  });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: reportUnexpected }),
    mutationCache: new MutationCache({ onError: reportUnexpected }),
    defaultOptions: {
      // The API client already retries once, and only what is safe to retry (ui.md §4 item 5).
      queries: { retry: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}
