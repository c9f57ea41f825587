import { useId, useState, type SyntheticEvent } from 'react';
import { ErrorMessage } from '@/components/ui/error-message';
import { SlowHint } from '@/components/ui/slow-hint';
import { useCancellableMutation } from '@/hooks/use-cancellable-mutation';
import type { ApiError } from '@/lib/api-error';
import { broadcastSession } from '@/lib/auth/refresh';
import { setSession, type Session } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';
import { login } from '../api/login';

const t = esAR.login;

/** Login's own wording for its two expected failures (ui.md §3.1). */
function loginMessage(error: ApiError): string | undefined {
  if (error.code === 'INVALID_CREDENTIALS') return t.credencialesInvalidas;
  if (error.code === 'LOGIN_LOCKED') {
    return error.retryAfterS === undefined
      ? t.bloqueadoSinTiempo
      : t.bloqueado(Math.max(1, Math.ceil(error.retryAfterS / 60)));
  }
  return undefined;
}

export interface LoginFormProps {
  onSuccess: (session: Session) => void;
}

export function LoginForm({ onSuccess }: LoginFormProps) {
  const ids = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const mutation = useCancellableMutation(login);

  const errorId = `${ids}-error`;
  const hasError = missing || mutation.error !== null;

  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const trimmed = email.trim();
    if (trimmed === '' || password === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    mutation.mutate(
      { email: trimmed, password },
      {
        onSuccess: (session) => {
          setSession(session);
          broadcastSession(session);
          onSuccess(session);
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-describedby={hasError ? errorId : undefined}>
      <div className="field">
        <label htmlFor={`${ids}-email`}>{t.email}</label>
        <input
          id={`${ids}-email`}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={missing && email.trim() === ''}
          aria-describedby={hasError ? errorId : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>{t.password}</label>
        <input
          id={`${ids}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={missing && password === ''}
          aria-describedby={hasError ? errorId : undefined}
        />
      </div>
      {missing && (
        <p id={errorId} className="error-message" role="alert">
          {t.completaLosCampos}
        </p>
      )}
      {!missing && mutation.error !== null && (
        <ErrorMessage id={errorId} error={mutation.error} message={loginMessage(mutation.error)} />
      )}
      <button type="submit" className="btn btn-primary" disabled={mutation.isPending} aria-busy={mutation.isPending}>
        {mutation.isPending ? t.ingresando : t.ingresar}
      </button>
      {mutation.isSlow && <SlowHint onCancel={mutation.cancel} />}
    </form>
  );
}
