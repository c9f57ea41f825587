/**
 * Random ids. `crypto.randomUUID` exists only in secure contexts, and the shop's server may be
 * reached over plain http on the LAN, so UUIDs are built from `getRandomValues`, which works
 * everywhere.
 */

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** A random (version 4) UUID in lower case. */
export function uuidv4(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An `Idempotency-Key` (api.md §1.6): a UUIDv4, made once per user action. */
export function newIdempotencyKey(): string {
  return uuidv4();
}

/** An error id shown to the user and sent to `/api/client-errors`: `ERR-` + 12 base-36 characters. */
export function newErrorId(now: number = Date.now()): string {
  const time = now.toString(36).toUpperCase().slice(-6).padStart(6, '0');
  const rand = Array.from(randomBytes(6), (x) => (x % 36).toString(36))
    .join('')
    .toUpperCase();
  return `ERR-${time}${rand}`;
}
