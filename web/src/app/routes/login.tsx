import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { paths, safeVolver, VOLVER_PARAM } from '@/config/paths';
import { LoginForm } from '@/features/auth/components/login-form';
import { useSessionState } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';

const t = esAR.login;

export function LoginRoute() {
  const { session, ended } = useSessionState();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const volver = safeVolver(params.get(VOLVER_PARAM));

  if (session !== null) return <Navigate to={volver} replace />;

  return (
    <AuthLayout>
      <h1>{t.titulo}</h1>
      <p className="muted">{t.subtitulo}</p>
      {ended === 'expired' && (
        <p className="notice" role="status">
          {t.sesionVencida}
        </p>
      )}
      <LoginForm
        onSuccess={(s) => {
          void navigate(s.usuario.debe_cambiar_password ? paths.perfil : volver, { replace: true });
        }}
      />
    </AuthLayout>
  );
}

export default LoginRoute;
