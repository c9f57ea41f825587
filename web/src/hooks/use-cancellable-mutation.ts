import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '@/lib/api-error';

/** What a mutation function receives besides its variables. */
export interface CallControls {
  signal: AbortSignal;
  onSlow: () => void;
}

export type CancellableMutation<TData, TVars> = UseMutationResult<TData, ApiError, TVars> & {
  /** The request has run for 3 s: show "Está tardando más de lo normal…" and Cancelar. */
  isSlow: boolean;
  /** Stops waiting for the current request (→ REQUEST_CANCELLED). */
  cancel: () => void;
};

/**
 * A TanStack mutation whose request can be cancelled and reports when it is slow
 * (ui.md §4 items 3–4). `fn` must pass `controls` on to the API client.
 */
export function useCancellableMutation<TData, TVars>(
  fn: (vars: TVars, controls: CallControls) => Promise<TData>,
): CancellableMutation<TData, TVars> {
  const [isSlow, setIsSlow] = useState(false);
  const controllerRef = useRef<AbortController | null>(null);

  const mutation = useMutation<TData, ApiError, TVars>({
    mutationFn: async (vars) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      setIsSlow(false);
      try {
        return await fn(vars, { signal: controller.signal, onSlow: () => setIsSlow(true) });
      } finally {
        if (controllerRef.current === controller) controllerRef.current = null;
        setIsSlow(false);
      }
    },
  });

  const cancel = useCallback(() => controllerRef.current?.abort(), []);
  return { ...mutation, isSlow, cancel };
}
