/**
 * Target paths of mapping rows: `name`, `a.b.c`, `meta_data[0].value`, a list head `rows[]`, a
 * row of that list `rows[].articleCode`, a variable `$vat` (for later rows, never output) and a msg
 * property `msg.statusCode` (single-record mappings only).
 */

export type Segment = string | number;

export type Target =
  | { kind: 'field'; path: Segment[] }
  | { kind: 'list'; path: Segment[] }
  | { kind: 'child'; list: string; rest: string }
  | { kind: 'variable'; name: string }
  | { kind: 'msg'; path: Segment[] };

const NAME = /^[^.[\]\s]+$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const part of text.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || !NAME.test(m[1])) throw new Error(`"${text}" is not a path (write a.b.c, a[0].b, rows[] or $name)`);
    if (FORBIDDEN.has(m[1])) throw new Error(`"${m[1]}" cannot be a field name`);
    out.push(m[1]);
    for (const idx of m[2].match(/\d+/g) ?? []) {
      const n = Number(idx);
      if (n > 10_000) throw new Error(`index ${n} in "${text}" is too big`);
      out.push(n);
    }
  }
  return out;
}

export function parseTarget(raw: string): Target {
  const t = raw.trim();
  if (!t) throw new Error('the target is empty');
  if (t.startsWith('$')) {
    const name = t.slice(1);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${t}" is not a variable name ($ and letters, digits, _)`);
    return { kind: 'variable', name };
  }
  const i = t.indexOf('[].');
  if (i > 0) return { kind: 'child', list: t.slice(0, i), rest: t.slice(i + 3) };
  if (t.endsWith('[]')) {
    const base = t.slice(0, -2);
    if (base.startsWith('msg.')) throw new Error('a list cannot be written to the msg');
    return { kind: 'list', path: segments(base) };
  }
  if (t.startsWith('msg.')) return { kind: 'msg', path: segments(t.slice(4)) };
  return { kind: 'field', path: segments(t) };
}

/** Sets `value` at `path` in `obj`, creating objects and lists on the way. Throws when a value is in the way. */
export function setPath(obj: Record<string, unknown>, path: Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    let next = cur[key];
    if (next === undefined || next === null) {
      next = nextIsIndex ? [] : {};
      cur[key] = next;
    } else if (typeof next !== 'object' || (nextIsIndex && !Array.isArray(next))) {
      throw new Error(`${path.slice(0, i + 1).join('.')} already holds ${JSON.stringify(next)}, so ${path.join('.')} cannot be set`);
    }
    cur = next as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

export function pathText(path: Segment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}
