/**
 * The server's route table as published in its OpenAPI document (api.md §1.8), generated at
 * build time into `@/generated/roles`. Routes the server does not publish yet are simply
 * absent: every lookup then answers "unknown", which denies permission and retries.
 */

import { OPERATIONS, type OperationInfo } from '@/generated/roles';
import type { HttpMethod, OperationRef, Rol } from '@/types/api';

export type { OperationInfo };

export interface MatchedOperation {
  key: string;
  info: OperationInfo;
}

export interface OperationTable {
  /** The operation's entry, by its key ("POST /api/ventas", "GET /api/ventas/:id"). */
  info(key: string): OperationInfo | undefined;
  /** The operation a concrete request hits: `match('GET', '/api/ventas/0b0e…')`. */
  match(method: HttpMethod, pathname: string): MatchedOperation | undefined;
  /** Whether `rol` may call the operation. Unknown operations: false. Public ones: true. */
  can(rol: Rol | null | undefined, key: OperationRef): boolean;
}

interface CompiledTemplate {
  key: string;
  method: string;
  segments: readonly string[];
  params: number;
  info: OperationInfo;
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

export function createOperationTable(ops: Readonly<Record<string, OperationInfo>>): OperationTable {
  const byKey = new Map<string, OperationInfo>(Object.entries(ops));
  const templates: CompiledTemplate[] = [];
  for (const [key, info] of byKey) {
    const space = key.indexOf(' ');
    if (space < 0) continue;
    const segments = splitPath(key.slice(space + 1));
    const params = segments.filter((s) => s.startsWith(':')).length;
    if (params > 0) templates.push({ key, method: key.slice(0, space), segments, params, info });
  }
  // Literal segments win over parameters (api.md §1.1): try the most literal templates first.
  templates.sort((a, b) => a.params - b.params);

  function info(key: string): OperationInfo | undefined {
    return byKey.get(key);
  }

  function match(method: HttpMethod, pathname: string): MatchedOperation | undefined {
    const exactKey = `${method} ${pathname}`;
    const exact = byKey.get(exactKey);
    if (exact !== undefined) return { key: exactKey, info: exact };
    const parts = splitPath(pathname);
    for (const tpl of templates) {
      if (tpl.method !== method || tpl.segments.length !== parts.length) continue;
      const ok = tpl.segments.every((seg, i) => {
        const part = parts[i] ?? '';
        return seg.startsWith(':') ? part !== '' : seg === part;
      });
      if (ok) return { key: tpl.key, info: tpl.info };
    }
    return undefined;
  }

  function can(rol: Rol | null | undefined, key: OperationRef): boolean {
    const entry = byKey.get(key);
    if (entry === undefined) return false;
    if (entry.roles.includes('publico')) return true;
    return rol !== null && rol !== undefined && entry.roles.includes(rol);
  }

  return { info, match, can };
}

/** The table generated from the server's document. */
export const operations: OperationTable = createOperationTable(OPERATIONS);
