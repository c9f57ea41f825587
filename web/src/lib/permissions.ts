/**
 * Permission checks for the UI (ui.md §1 item 7): a control that calls an operation shows
 * only when the user's role is in that operation's `x-roles`. The server stays the authority.
 */

import type { PageDef } from '@/config/navigation';
import type { OperationRef, Rol } from '@/types/api';
import { operations } from './operations';

/** `can('ventas', 'POST /api/ventas')`. False for operations the server does not publish. */
export function can(rol: Rol | null | undefined, operation: OperationRef): boolean {
  return operations.can(rol, operation);
}

/** A page is open to a role that may call any of its main operations (ui.md §2). */
export function canOpenPage(rol: Rol | null | undefined, page: Pick<PageDef, 'operations'>): boolean {
  return page.operations.some((op) => can(rol, op));
}
