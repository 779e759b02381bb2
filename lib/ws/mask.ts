/**
 * Secrets out of everything we show: debug XML, error text, logs. Two layers, because either alone
 * leaks: by element name (a password element is blanked whatever its value) and by value (a service
 * that echoes the password inside a fault text or under another element name).
 */

export const MASK = '***';

/** Element local names whose text is always a secret (case-insensitive). */
const SECRET_ELEMENTS = ['password', 'passwd', 'pwd', 'losenord', 'lösenord', 'nonce', 'secret'];

/** Values shorter than this are masked by element name only (a password "1" must not blank every 1). */
const MIN_LITERAL = 3;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function xmlEscaped(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Replace every occurrence of each secret value (as written and XML-escaped) with the mask. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const all = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < MIN_LITERAL) continue;
    all.add(s);
    all.add(xmlEscaped(s));
    all.add(encodeURIComponent(s));
    all.add(JSON.stringify(s).slice(1, -1));
  }
  // longest first, so a secret containing another is replaced whole
  for (const s of [...all].sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join(MASK);
  }
  return out;
}

const ELEMENT_CACHE = new Map<string, RegExp>();

function elementRe(names: readonly string[]): RegExp {
  const key = names.join('|');
  let re = ELEMENT_CACHE.get(key);
  if (!re) {
    // <p:Name attr="...">text</p:Name>  ->  <p:Name attr="...">***</p:Name>
    re = new RegExp(`(<((?:[\\w.-]+:)?(?:${names.map(escapeRe).join('|')}))(?:\\s[^>]*)?>)([^<]*)(</\\2\\s*>)`, 'giu');
    ELEMENT_CACHE.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * Mask a SOAP message: the text of password-like elements (plus `extraElements`, e.g. the
 * catalogue's secret fields), the `Id` of a WTS `AuthHeader`, the password and nonce of a
 * WS-Security UsernameToken, and every literal secret value.
 */
export function maskXml(xml: string, secrets: readonly string[] = [], extraElements: readonly string[] = []): string {
  const names = extraElements.length ? [...SECRET_ELEMENTS, ...extraElements] : SECRET_ELEMENTS;
  let out = xml.replace(elementRe(names), (_m, open: string, _n: string, value: string, close: string) =>
    value === '' ? `${open}${close}` : `${open}${MASK}${close}`,
  );
  out = out.replace(/(<((?:[\w.-]+:)?AuthHeader)(?:\s[^>]*)?>)([\s\S]*?)(<\/\2\s*>)/g, (_m, open: string, _n: string, inner: string, close: string) => {
    return open + inner.replace(elementRe(['Id']), (_x, o: string, _q: string, v: string, c: string) => (v === '' ? o + c : o + MASK + c)) + close;
  });
  return maskText(out, secrets);
}

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
