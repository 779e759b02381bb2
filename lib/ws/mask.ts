/**
 * Secrets of the pass-through web-service operations (those the catalogue does not know): their
 * JSON args have no `secret` flag, so a secret is recognised by its key (password, pwd, nonce, ...).
 * Masking text and XML, and the catalogue's secret fields, live in lib/messages/secrets; they are
 * re-exported here for the WS layer's users.
 */
export { MASK, maskText, maskXml } from '../messages/secrets';
import { MASK } from '../messages/secrets';

/** Secret-looking keys in a JSON args object (pass-through operations): their values are secrets. */
const SECRET_KEY_RE = /pass(word|wd)?$|^pwd$|losenord|lösenord|secret|^nonce$/i;

/** Collect the values of secret-looking keys anywhere in an args object (depth-limited). */
export function secretValuesOf(value: unknown, extraKeys: readonly string[] = [], depth = 0, out: string[] = []): string[] {
  if (depth > 32 || value === null || typeof value !== 'object') return out;
  const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if ((SECRET_KEY_RE.test(k) || extra.has(k.toLowerCase())) && (typeof v === 'string' || typeof v === 'number')) {
      out.push(String(v));
    } else if (typeof v === 'object') {
      secretValuesOf(v, extraKeys, depth + 1, out);
    }
  }
  return out;
}

/** A copy of an args object with the values of secret-looking keys replaced by the mask. */
export function redactArgs(value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactArgs(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY_RE.test(k) && (typeof v === 'string' || typeof v === 'number') ? MASK : redactArgs(v, depth + 1);
  }
  return out;
}
