/**
 * Secrets out of everything we show (debug XML, error text, a Catch node's msg, logs), driven by the
 * catalogue's `secret` flag (a login password). Two layers, because either alone leaks: by element
 * name (a password element is blanked whatever its value) and by value (a service that echoes the
 * password inside a fault text or under another element name). The web-service layer and the
 * message nodes both mask through this module.
 */
// through the index, so it does not matter which module of lib/messages holds them
import { catalogue, MessageError, pyramidName, visitFields, type FieldVisitor, type Issue, type MessageDescriptor } from '.';

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
 * Mask XML (a message or a SOAP envelope): the text of password-like elements (plus
 * `extraElements`, e.g. the catalogue's secret fields), the `Id` of a WTS `AuthHeader`, the password
 * and nonce of a WS-Security UsernameToken, and every literal secret value.
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

// ---- the catalogue's secret fields ----------------------------------------------------------------

function member(m: unknown, key: string): unknown {
  return m && typeof m === 'object' ? (m as Record<string, unknown>)[key] : undefined;
}

/** How deep the secrets walks follow a model. */
const MAX_DEPTH = 16;

interface Found {
  values: string[];
  elements: Set<string>;
}

/** The find walk's callbacks: along a request model, the element names and values of its secret fields. */
const findSecrets: FieldVisitor<{ m: unknown; found: Found }, void> = {
  value(f, c) {
    if (!f.secret) return;
    c.found.elements.add(f.xml.replace(/^@/, ''));
    const v = member(c.m, f.key);
    if (typeof v === 'string' || typeof v === 'number') c.found.values.push(String(v));
  },
  group(f, c, at, children) {
    if (at.depth < MAX_DEPTH) children({ m: member(c.m, f.key), found: c.found });
  },
  list(f, c, at, children) {
    const items = member(c.m, f.key);
    if (children && at.depth < MAX_DEPTH && Array.isArray(items)) for (const it of items) children({ m: it, found: c.found });
  },
};

/** Element names and values of the secret fields (a login password) of a request model. */
export function requestSecrets(d: MessageDescriptor, model: unknown): { values: string[]; elements: string[] } {
  const found: Found = { values: [], elements: new Set() };
  if (d.ws) visitFields(d.ws.request.fields, findSecrets, { m: model, found });
  return { values: found.values, elements: [...found.elements] };
}

/** A copy of a plain object with `fill` run on the copy (anything else, or too deep, as it is). */
function copied(m: unknown, depth: number, fill: (copy: Record<string, unknown>) => void): unknown {
  if (depth > MAX_DEPTH || !m || typeof m !== 'object' || Array.isArray(m)) return m;
  const out = { ...(m as Record<string, unknown>) };
  fill(out);
  return out;
}

/** Callbacks of the field walk masking secret fields: the copy of the model's part is passed down and changed. */
const redactor: FieldVisitor<Record<string, unknown>, void> = {
  value(f, out) {
    const v = out[f.key];
    if (f.secret && f.key in out && v !== undefined && v !== null && v !== '') out[f.key] = MASK;
  },
  group(f, out, at, children) {
    if (f.key in out) out[f.key] = copied(out[f.key], at.depth + 1, children);
  },
  list(f, out, at, children) {
    const items = out[f.key];
    if (children && f.key in out && Array.isArray(items)) out[f.key] = items.map((it) => copied(it, at.depth + 1, children));
  },
};

/** A copy of a request model with its secret fields (the login password) replaced by the mask. */
export function redactModel(type: string, model: unknown): unknown {
  const d = catalogue.find((x) => x.type === type);
  if (!d?.ws || !model || typeof model !== 'object') return model;
  const fields = d.ws.request.fields;
  return copied(model, 0, (out) => visitFields(fields, redactor, out));
}

// ---- one document's secrets, for a node that shows its input and its errors ----------------------

/**
 * The secrets of one document of a message type (only a web-service request has any): what to
 * mask in an error about a payload, and the payload itself as it may be shown again.
 */
export class DocumentSecrets {
  /** The XML element names of the document's secret fields. */
  readonly elements: readonly string[];
  /** The same as the catalogue's errors name them (`where`: "losenord"). */
  private readonly named: readonly string[];

  constructor(
    private readonly d: MessageDescriptor,
    part: string,
  ) {
    this.elements = part === 'request' ? requestSecrets(d, {}).elements : [];
    this.named = this.elements.map(pyramidName);
  }

  /** Whether the document has secret fields at all (nothing needs masking otherwise). */
  get any(): boolean {
    return this.elements.length > 0;
  }

  /**
   * The error as it may be shown: the secret values of `payload` never appear in its text or issues,
   * and an issue about a secret field that quotes the wrong value says `hidden` instead.
   */
  maskError(err: unknown, payload: unknown, hidden: string): unknown {
    if (!this.any || !(err instanceof MessageError)) return err;
    const values = requestSecrets(this.d, payload).values;
    let message = err.message;
    const issues: Issue[] = err.issues.map((i) => {
      const secret = this.named.some((el) => i.where === el || i.where.endsWith(`: ${el}`));
      // the catalogue quotes a wrong value ("..." is not text); a missing one it does not
      if (!secret || !i.message.includes('"')) return { ...i, message: maskText(i.message, values) };
      const shown = { ...i, message: hidden };
      message = message.split(`${i.where} ${i.message}`).join(`${shown.where} ${shown.message}`);
      return shown;
    });
    return new MessageError(maskText(message, values), err.code, issues, { type: err.type, fileName: err.fileName });
  }

  /** The payload as it may be shown (a Catch node's msg is a copy of it): XML or model with the secrets masked. */
  redact(p: unknown): unknown {
    if (!this.any) return p;
    if (typeof p === 'string') return maskXml(p, [], this.elements);
    // latin1 maps every byte to one char and back, so the other bytes stay as they were
    if (Buffer.isBuffer(p)) return Buffer.from(maskXml(p.toString('latin1'), [], this.elements), 'latin1');
    return p && typeof p === 'object' ? redactModel(this.d.type, p) : p;
  }
}
