import { useEffect, useState } from 'react';
import { useNavigate, useRouteError } from 'react-router';
import { reportClientError } from '@/lib/client-errors';
import { newErrorId } from '@/lib/ids';
import { ErrorFallback } from './error-fallback';

/**
 * The router's error element: errors thrown while rendering or loading a route (including a
 * route chunk that failed to load) land here instead of React Router's English default page.
 */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const [errorId] = useState(() => newErrorId());

  useEffect(() => {
    const err = error instanceof Error ? error : new Error(String(error));
    reportClientError({
      origen: 'error_boundary',
      mensaje: err.message,
      errorId,
      ...(err.stack === undefined ? {} : { stack: err.stack }),
    });
  }, [error, errorId]);

  return <ErrorFallback errorId={errorId} onRetry={() => void navigate(0)} />;
}
