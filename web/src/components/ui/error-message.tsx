import { useState } from 'react';
import type { ApiError } from '@/lib/api-error';
import { messageFor, type MessageContext } from '@/lib/error-messages';
import { esAR } from '@/lib/i18n/es-AR';

export interface ErrorMessageProps {
  id?: string;
  error: ApiError;
  /** Overrides the table's text for this screen (e.g. login's lockout wording). */
  message?: string;
  context?: MessageContext;
}

/** The Spanish message plus "Ref: {requestId}" with a copy button (ui.md §1 item 8). */
export function ErrorMessage({ id, error, message, context }: ErrorMessageProps) {
  const [copied, setCopied] = useState(false);
  const ref = esAR.estados.referencia(error.requestId, error.originalRequestId);
  const copy = () => {
    // Missing outside secure contexts (plain http on the shop's LAN).
    const clipboard = navigator.clipboard as Clipboard | undefined;
    void clipboard?.writeText(error.requestId).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <div id={id} className="error-message" role="alert">
      <p>{message ?? messageFor(error, context)}</p>
      <p className="error-ref">
        <code>{ref}</code>{' '}
        <button type="button" className="btn btn-link" onClick={copy}>
          {copied ? esAR.estados.copiado : esAR.estados.copiar}
        </button>
      </p>
    </div>
  );
}
