import { Link } from 'react-router';
import { ContentPage } from '@/components/layouts/content-page';
import { paths } from '@/config/paths';
import { esAR } from '@/lib/i18n/es-AR';

const t = esAR.paginas;

export function NotFoundRoute() {
  return (
    <ContentPage title={t.noEncontrada}>
      <p>{t.noEncontradaDetalle}</p>
      <Link to={paths.home}>{t.volverAlInicio}</Link>
    </ContentPage>
  );
}

export default NotFoundRoute;
