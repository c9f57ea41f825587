import { Component, type ErrorInfo, type ReactNode } from 'react';
import { reportClientError } from '@/lib/client-errors';
import { newErrorId } from '@/lib/ids';
import { ErrorFallback } from './error-fallback';

interface Props {
  children: ReactNode;
}

interface State {
  error: unknown;
  errorId: string | null;
}

/**
 * Catches render errors below it, reports them to `/api/client-errors` (origen error_boundary)
 * and shows ErrorFallback. "Intentar de nuevo" renders the children again.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, errorId: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error, errorId: newErrorId() };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const err = error instanceof Error ? error : new Error(String(error));
    const stack = [err.stack, info.componentStack].filter(Boolean).join('\n');
    const reportedId = reportClientError({
      origen: 'error_boundary',
      mensaje: err.message,
      stack,
      ...(this.state.errorId === null ? {} : { errorId: this.state.errorId }),
    });
    if (reportedId !== this.state.errorId) this.setState({ errorId: reportedId });
  }

  private readonly reset = (): void => {
    this.setState({ error: null, errorId: null });
  };

  override render(): ReactNode {
    if (this.state.errorId !== null) {
      return <ErrorFallback errorId={this.state.errorId} onRetry={this.reset} />;
    }
    return this.props.children;
  }
}
