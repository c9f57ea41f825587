import { ContentPage } from '@/components/layouts/content-page';
import type { SessionUser } from '@/lib/auth/session';
import { esAR } from '@/lib/i18n/es-AR';

const t = esAR.dashboard;

/** Placeholder for the morning overview (ui.md §3.2); its data comes with `GET /api/dashboard`. */
export function DashboardOverview({ usuario }: { usuario: SessionUser }) {
  return (
    <ContentPage title={t.titulo}>
      <p className="lead">{t.saludo(usuario.nombre)}</p>
      <p>{t.proximamente}</p>
    </ContentPage>
  );
}
