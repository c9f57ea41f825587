import { esAR } from '@/lib/i18n/es-AR';

const t = esAR.errorBoundary;

export interface ErrorFallbackProps {
  errorId: string;
  onRetry: () => void;
}

/** "Algo salió mal", the error id to pass on, and "Intentar de nuevo" (ui.md §4 item 8). */
export function ErrorFallback({ errorId, onRetry }: ErrorFallbackProps) {
  return (
    <div role="alert" className="error-fallback">
      <h1>{t.titulo}</h1>
      <p>{t.detalle}</p>
      <p>
        <code>{t.codigo(errorId)}</code>
      </p>
      <button type="button" className="btn btn-primary" onClick={onRetry}>
        {t.intentarDeNuevo}
      </button>
    </div>
  );
}
