import { ContentPage } from '@/components/layouts/content-page';
import type { PageId } from '@/config/navigation';
import { esAR } from '@/lib/i18n/es-AR';

/** Stands in for a page of ui.md §3 until its issue lands. */
export function PagePlaceholder({ pageId }: { pageId: PageId }) {
  return (
    <ContentPage title={esAR.nav.paginas[pageId]}>
      <p>{esAR.paginas.enConstruccion}</p>
    </ContentPage>
  );
}
