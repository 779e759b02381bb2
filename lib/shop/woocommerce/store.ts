/**
 * The small persistence interface the WooCommerce logic keeps its memory in: what was last pushed
 * per SKU, the shop's ids, the webhook deliveries seen, the reconciliation cursor. In Node-RED it is
 * backed by the context store API (so a file-backed or shared store keeps it across restarts and
 * instances); `MemoryStore` is for library use and tests.
 *
 * Keys are plain identifiers (letters, digits, `_`, `-`): Node-RED's context treats `.` and `[` in a
 * key as a path. Values are JSON-serialisable and are never mutated after `set` (stores may keep
 * the object by reference).
 */
import { createHash } from 'node:crypto';

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get(key: string): Promise<unknown> {
    return Promise.resolve(this.data.get(key));
  }
  set(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)) as unknown);
    return Promise.resolve();
  }
}

/** JSON with object keys sorted, so equal records hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A short digest of a record (sha256, base64url, 22 characters). */
export function recordHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64url').slice(0, 22);
}

/** A key-safe name for one shop: the same shop URL gives the same prefix on every instance. */
export function shopPrefix(shopUrl: string): string {
  return `wc_${createHash('sha256').update(shopUrl.replace(/\/+$/, '').toLowerCase()).digest('hex').slice(0, 12)}_`;
}
