import { NavLink } from 'react-router';
import { NAV_GROUPS, PAGES } from '@/config/navigation';
import { paths } from '@/config/paths';
import { esAR } from '@/lib/i18n/es-AR';
import { canOpenPage } from '@/lib/permissions';
import type { Rol } from '@/types/api';

const t = esAR.nav;

export interface SidebarProps {
  rol: Rol;
}

/**
 * The four groups of ui.md §2, each listing only the pages the role may open; a group with no
 * such page is left out.
 */
export function Sidebar({ rol }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label={t.menuPrincipal}>
      <ul className="sidebar-list">
        <li>
          <NavLink to={paths.home} end className="sidebar-link">
            {t.paginas.inicio}
          </NavLink>
        </li>
      </ul>
      {NAV_GROUPS.map((group) => {
        const pages = PAGES.filter((p) => p.group === group && canOpenPage(rol, p));
        if (pages.length === 0) return null;
        const headingId = `nav-grupo-${group}`;
        return (
          <section key={group} className="sidebar-group" aria-labelledby={headingId}>
            <h2 id={headingId} className="sidebar-group-title">
              {t.grupos[group]}
            </h2>
            <ul className="sidebar-list">
              {pages.map((page) => (
                <li key={page.id}>
                  <NavLink to={page.path} className="sidebar-link">
                    {t.paginas[page.id]}
                  </NavLink>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
