import { esAR } from '@/lib/i18n/es-AR';

export interface SlowHintProps {
  /** Shown beside a busy button: stops only the wait (ui.md §4 item 4). */
  onCancel?: () => void;
}

/** "Está tardando más de lo normal…", announced politely. */
export function SlowHint({ onCancel }: SlowHintProps) {
  return (
    <p className="slow-hint" role="status" aria-live="polite">
      <span>{esAR.estados.tardando}</span>
      {onCancel !== undefined && (
        <button type="button" className="btn btn-link" onClick={onCancel}>
          {esAR.estados.cancelar}
        </button>
      )}
    </p>
  );
}
