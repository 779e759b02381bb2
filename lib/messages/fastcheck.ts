/**
 * The valid fast path of reading a record: one function compiled per record list from the
 * catalogue, which walks a record once, straight from the tokenizer's flat table (lib/xml/flat.ts:
 * no element tree, no intermediate raw object, no zod), and returns its validated JSON model. It takes only what it is sure of: a record with an unknown
 * or repeated element, an unknown attribute, or any value that does not validate gives `undefined`,
 * and the caller reads that record the ordinary way (readRecord + the zod schema), which keeps
 * `extra` and names every problem. So the fast path changes speed, never results: a test compares
 * both on every fixture and on generated files.
 *
 * The value rules are the zod schema's of schema.ts (valueSchema): absent or empty -> no key
 * (text keeps ""), coerce() by kind, a blank result is no value, `min` for numbers, `requireOneOf`
 * on the validated values.
 */
import type { XmlElement } from '../xml/reader';
import { attrValue, flatten, type FlatTree } from '../xml/flat';
import type { ListField, ValueField } from './types';
import { ACTIONS, coerce } from './values';
import { placeOf, visitFields, type FieldVisitor } from './walk';

/** Element `i` of a flat table -> the validated record, or undefined when the ordinary path must decide. */
export type FastRecord = (t: FlatTree, i: number) => Record<string, unknown> | undefined;

/** A value that does not validate (the ordinary path then says why). */
const FAIL: unique symbol = Symbol('fail');

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number written by the digits s[from..to) (checked digits). */
function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** s[19..25) is a zone offset ±HH:MM. */
function zone(s: string): boolean {
  const c = s.charCodeAt(19);
  return (c === 43 || c === 45) && s.charCodeAt(22) === 58 && isDigits(s, 20, 22) && isDigits(s, 23, 25);
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/**
 * coerce() of values.ts for the shapes Pyramid writes, without its result objects: the value, or
 * `FAIL`. Anything not in the plain shape (whitespace, signs, leading zeros, grouping, other
 * spellings) goes to coerce() itself, so the result is always coerce()'s.
 */
function coercer(kind: ValueField['kind'], values: readonly string[] | undefined): (s: string) => unknown {
  const slow = (s: string): unknown => {
    const r = coerce(kind, s, values);
    return 'message' in r ? FAIL : r.value;
  };
  switch (kind) {
    case 'text':
      return (s) => s;
    case 'code':
      return (s) => s.trim();
    case 'decimal':
      return (s) => {
        // digits, optionally one "." or "," and digits; no leading zero but a lone one
        const n = s.length;
        if (n === 0 || n > 40) return slow(s);
        let sep = -1;
        for (let i = 0; i < n; i++) {
          const c = s.charCodeAt(i);
          if (c >= 48 && c <= 57) continue;
          if ((c === 46 || c === 44) && sep < 0 && i > 0 && i < n - 1) {
            sep = i;
            continue;
          }
          return slow(s);
        }
        if (s.charCodeAt(0) === 48 && (sep < 0 ? n > 1 : sep > 1)) return slow(s);
        return sep >= 0 && s.charCodeAt(sep) === 44 ? s.replace(',', '.') : s;
      };
    case 'integer':
      return (s) => (s.length > 0 && s.length <= 15 && isDigits(s, 0, s.length) ? Number(s) : slow(s));
    case 'boolean':
      return (s) => {
        switch (s) {
          case 'J':
          case '1':
          case 'true':
            return true;
          case 'N':
          case '0':
          case 'false':
            return false;
          default:
            return slow(s);
        }
      };
    case 'date':
      return (s) => {
        if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && isDigits(s, 0, 4) && isDigits(s, 5, 7) && isDigits(s, 8, 10)) {
          return validYmd(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)) ? s : FAIL;
        }
        if (s.length === 8 && isDigits(s, 0, 8)) {
          return validYmd(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8)) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : FAIL;
        }
        return slow(s);
      };
    case 'datetime':
      // YYYY-MM-DDTHH:MM:SS, then nothing, Z or ±HH:MM (what Pyramid writes); anything else: coerce()
      return (s) => {
        const n = s.length;
        if (
          (n === 19 || n === 20 || n === 25) &&
          s.charCodeAt(4) === 45 &&
          s.charCodeAt(7) === 45 &&
          s.charCodeAt(10) === 84 &&
          s.charCodeAt(13) === 58 &&
          s.charCodeAt(16) === 58 &&
          isDigits(s, 0, 4) &&
          isDigits(s, 5, 7) &&
          isDigits(s, 8, 10) &&
          isDigits(s, 11, 13) &&
          isDigits(s, 14, 16) &&
          isDigits(s, 17, 19) &&
          (n === 19 || (n === 20 ? s.charCodeAt(19) === 90 : zone(s)))
        ) {
          return validYmd(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)) && num(s, 11, 13) < 24 && num(s, 14, 16) < 60 && num(s, 17, 19) < 61 ? s : FAIL;
        }
        return slow(s);
      };
    case 'enum':
    case 'action': {
      const exact = new Set(kind === 'action' ? ACTIONS : (values ?? []));
      return (s) => (exact.has(s) ? s : slow(s));
    }
    default:
      return slow;
  }
}

/** The value rule of one field: raw text (or undefined) -> the value, undefined for "no key", or FAIL. */
function valueRule(f: Pick<ValueField, 'kind' | 'required' | 'values' | 'min'>): (v: string | undefined) => unknown {
  const text = f.kind === 'text';
  const required = !!f.required;
  const min = f.min;
  const conv = coercer(f.kind, f.values);
  return (v) => {
    if (v === undefined || (v === '' && (!text || required))) return required ? FAIL : undefined;
    const r = conv(v);
    if (r === FAIL) return FAIL;
    if (r === '' && !text) return required ? FAIL : undefined;
    if (min !== undefined && typeof r === 'number' && r < min) return FAIL;
    return r;
  };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/**
 * The fast path of a record is generated code: one function per record list (and per group and
 * list item inside it), written from the catalogue when the list is first read and compiled by the
 * engine (`new Function`), as validator compilers do. It finds each child with a `switch` on its
 * name into a local, stores each field under its name as written (a named store, not a store by a
 * computed key) and calls each field's value rule from a call site of its own, which the engine
 * can inline. Only names and keys of the catalogue go into the code, each as a JSON string
 * literal; the rules, inner records and scratch arrays are handed in as values, never as text.
 * (Closures per field, as before, took 160 ms of a 45 MB price list's ~650; this takes 110 ms:
 * docs/performance.md, "P1, sixth round".)
 */
interface Gen {
  /** The local that holds the table index of the once-used child `name` (-1: absent). */
  slot(name: string): string;
  /** The expression that reads a value handed in to the generated code (a rule, an inner record, a scratch array). */
  dep(v: unknown): string;
  /** A new label for a field's block. */
  label(): string;
}

/** What the fast walk gives for one field: its statements and the names of the record it uses; null when the field cannot be checked fast. */
interface FastPart {
  /** Statements that read the field of the record at table index `i` into `out`, or `return undefined` when it does not validate. */
  code: string;
  /** A child element used once (a value, a group, a list wrapper). */
  once?: string;
  /** A child element repeated (direct list items). */
  repeated?: string;
  attr?: string;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(['text', 'code', 'decimal', 'integer', 'boolean', 'date', 'datetime', 'enum', 'action']);

const lit = (s: string): string => JSON.stringify(s);

/** A store into the record: `out["key"] = x`. */
function store(key: string, x: string): string {
  return `out[${lit(key)}] = ${x};`;
}

/**
 * The items of a list into `out[key]`: the loop over `from`'s children, each item read by `item`.
 * The items are gathered in the list's own scratch array and the record gets a copy of just them
 * (slice). An array literal per record would be an allocation site V8 tracks: in a Node-RED
 * process, where batches wait for the flow, it decides early that the site's arrays live long and
 * allocates them straight in the old generation, and from then on every scavenge promotes the
 * records they hold (docs/performance.md, "P1, sixth round"). A copy made by slice has no
 * allocation site. Reads are synchronous and a list is never nested in itself, so one scratch
 * array per list field serves; what it still points to after a record is overwritten by the next.
 */
function listLoop(g: Gen, key: string, itemName: string, item: string, from: string, strict: boolean): string {
  const items = g.dep([]);
  return [
    `n = 0;`,
    `for (let e = ${from} + 1, e2 = t.end[${from}]; e < e2; e = t.end[e]) {`,
    `  if (t.name[e] !== ${lit(itemName)}) ${strict ? 'return undefined' : 'continue'};`,
    `  r = ${item}(t, e);`,
    `  if (r === undefined) return undefined;`,
    `  ${items}[n++] = r;`,
    `}`,
    store(key, `${items}.slice(0, n)`),
  ].join('\n');
}

/**
 * One value field, read by the expression `read`: valueRule's rules written out in a labelled
 * block, with the field's coercer called from a call site of its own (none for text).
 */
function valueCode(f: ValueField, g: Gen, read: string): string {
  const text = f.kind === 'text';
  const label = g.label();
  const none = f.required ? 'return undefined;' : `break ${label};`;
  return [
    `${label}: {`,
    `  v = ${read};`,
    // as the reader: an empty element means "no value", except for text
    text ? `  if (v === undefined${f.required ? " || v === ''" : ''}) ${none}` : `  if (v === undefined || v === '') ${none}`,
    text ? '  r = v;' : `  r = ${g.dep(coercer(f.kind, f.values))}(v);`,
    text ? '' : '  if (r === FAIL) return undefined;',
    text ? '' : `  if (r === '') ${none}`,
    f.min === undefined ? '' : `  if (typeof r === 'number' && r < ${Number(f.min)}) return undefined;`,
    `  if (r !== undefined) ${store(f.key, 'r')}`,
    '}',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** The fast walk's callbacks. */
const fastPart: FieldVisitor<Gen, FastPart | null> = {
  value(f, g) {
    if (!KNOWN_KINDS.has(f.kind)) return null;
    const p = placeOf(f.xml);
    let read: string;
    let part: Omit<FastPart, 'code'> = {};
    if (p.own) read = 't.text[i]';
    else if (p.el === undefined) {
      part = { attr: p.attr };
      read = `attrValue(t.attrs[i], ${lit(p.attr as string)})`;
    } else {
      part = { once: p.el };
      const s = g.slot(p.el);
      read = p.attr === undefined ? `${s} < 0 ? undefined : t.text[${s}]` : `${s} < 0 ? undefined : attrValue(t.attrs[${s}], ${lit(p.attr)})`;
    }
    return { ...part, code: valueCode(f, g, read) };
  },
  group(f, g, _at, children) {
    const inner = compileRecord(children);
    if (!inner) return null;
    const s = g.slot(f.xml);
    return {
      once: f.xml,
      code: [
        `if (${s} < 0) { ${f.required ? 'return undefined;' : ''} } else {`,
        `  r = ${g.dep(inner)}(t, ${s});`,
        `  if (!r) return undefined;`,
        `  ${store(f.key, 'r')}`,
        `}`,
      ].join('\n'),
    };
  },
  list(f, g, _at, children) {
    const item: ((t: FlatTree, el: number) => unknown) | null = children
      ? compileRecord(children, f.requireOneOf)
      : ((rule) => (t: FlatTree, el: number) => {
          const r = rule(t.text[el]);
          return r === FAIL ? undefined : r;
        })(valueRule({ kind: f.itemKind ?? 'text', required: true }));
    if (!item) return null;
    const itemFn = g.dep(item);
    if (f.xml === '') return { repeated: f.item, code: listLoop(g, f.key, f.item, itemFn, 'i', false) };
    const s = g.slot(f.xml);
    return {
      once: f.xml,
      code: [
        `if (${s} < 0) { ${f.required ? 'return undefined;' : ''} } else {`,
        `  if (t.attrs[${s}].length) return undefined;`,
        listLoop(g, f.key, f.item, itemFn, s, true),
        `}`,
      ].join('\n'),
    };
  },
};

/** A record element -> its validated model; `walk` gives its fields' parts; null when a field cannot be checked fast. */
function compileRecord(walk: (g: Gen) => (FastPart | null)[], requireOneOf?: readonly (readonly string[])[]): FastRecord | null {
  /** The local of each once-used child name. */
  const slots = new Map<string, string>();
  const deps: unknown[] = [];
  let labels = 0;
  const parts = walk({
    slot(name) {
      let s = slots.get(name);
      if (s === undefined) {
        s = `s${slots.size}`;
        slots.set(name, s);
      }
      return s;
    },
    dep(v) {
      deps.push(v);
      return `d${deps.length - 1}`;
    },
    label() {
      return `f${labels++}`;
    },
  });
  if (parts.some((p) => p === null)) return null;
  const ok = parts as FastPart[];
  /** Direct list items (repeated children). */
  const repeated = new Set(ok.flatMap((p) => (p.repeated === undefined ? [] : [p.repeated])));
  const attrs = [...new Set(ok.flatMap((p) => (p.attr === undefined ? [] : [p.attr])))];
  for (const n of repeated) if (slots.has(n)) return null;
  const keys = [...(requireOneOf ?? []).flat()];
  // a store under "__proto__" would set the record's prototype: such a list is read the ordinary way
  if (keys.includes('__proto__') || ok.some((p) => p.code.includes('out["__proto__"]'))) return null;

  const cases = [
    ...[...slots].map(([name, s]) => `case ${lit(name)}: if (${s} >= 0) return undefined; ${s} = c; break;`),
    // direct list items are read by their list's loop; an unknown element belongs under `extra`
    // (the ordinary path keeps it), and so does a repeated once-used one
    ...[...repeated].map((name) => `case ${lit(name)}: break;`),
    'default: return undefined;',
  ];
  const body = [
    '"use strict";',
    ...deps.map((_, k) => `const d${k} = D[${k}];`),
    // records made by a constructor of their own get room for their fields inside the object (V8's
    // slack tracking) instead of a property store grown field by field; the prototype is a plain object's
    'function Rec() {}',
    'Rec.prototype = Object.prototype;',
    'return function fastRecord(t, i) {',
    '  const own = t.attrs[i];',
    attrs.length
      ? `  for (let k = 0; k < own.length; k += 2) { const a = own[k]; if (${attrs.map((a) => `a !== ${lit(a)}`).join(' && ')}) return undefined; }`
      : '  if (own.length) return undefined;',
    slots.size ? `  let ${[...slots.values()].map((s) => `${s} = -1`).join(', ')};` : '',
    '  for (let c = i + 1, end = t.end[i]; c < end; c = t.end[c]) {',
    `    switch (t.name[c]) { ${cases.join(' ')} }`,
    '  }',
    '  const out = new Rec();',
    '  let v, r, n;',
    ...ok.map((p) => p.code),
    ...(requireOneOf ?? []).map((group) => `if (!(${group.map((k) => `present(out[${lit(k)}])`).join(' || ')})) return undefined;`),
    '  return out;',
    '};',
  ].join('\n');
  const make = new Function('D', 'FAIL', 'present', 'attrValue', body) as (d: unknown[], fail: symbol, p: typeof present, a: typeof attrValue) => FastRecord;
  return make(deps, FAIL, present, attrValue);
}

const compiled = new WeakMap<ListField, FastRecord | null>();

/** The fast path of one record list (compiled once), or undefined when the list has a field kind it does not know. */
export function fastRecordOf(list: ListField): FastRecord | undefined {
  let f = compiled.get(list);
  if (f === undefined) {
    const fields = list.fields;
    f = fields ? compileRecord((c) => visitFields(fields, fastPart, c), list.requireOneOf) : null;
    compiled.set(list, f);
  }
  return f ?? undefined;
}

const scratch: FlatTree = { size: 0, name: [], attrs: [], text: [], line: [], end: [] };

/** For readers that hold an element tree: the fast record, or undefined. */
export function fastRead(list: ListField, el: XmlElement): Record<string, unknown> | undefined {
  const f = fastRecordOf(list);
  return f ? f(flatten(el, scratch), 0) : undefined;
}
