import { describe, expect, it } from 'vitest';
import { newErrorId, uuidv4 } from './ids';

describe('uuidv4', () => {
  it('produces distinct canonical version-4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 200 }, () => uuidv4()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe('newErrorId', () => {
  it('starts with ERR- and fits the 64-character limit of /api/client-errors', () => {
    const id = newErrorId();
    expect(id).toMatch(/^ERR-[0-9A-Z]{12}$/);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(newErrorId()).not.toBe(id);
  });
});
