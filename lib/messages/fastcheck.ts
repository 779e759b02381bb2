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

/** Element `i` of a record, with `first` (the table index of each once-used child, -1: absent): reads one field into `out`; false when it does not validate. */
type Step = (t: FlatTree, i: number, first: number[], out: Record<string, unknown>) => boolean;

/** What the fast walk gives for one field: its step and the names of the record it uses; null when the field cannot be checked fast. */
interface FastPart {
  step: Step;
  /** A child element used once (a value, a group, a list wrapper). */
  once?: string;
  /** A child element repeated (direct list items). */
  repeated?: string;
  attr?: string;
}

/** The record being compiled: each once-used child name gets a slot in its scratch array `first`. */
interface Compiling {
  slotOf(name: string): number;
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(['text', 'code', 'decimal', 'integer', 'boolean', 'date', 'datetime', 'enum', 'action']);

/** The fast walk's callbacks. */
const fastPart: FieldVisitor<Compiling, FastPart | null> = {
  value(f, c) {
    if (!KNOWN_KINDS.has(f.kind)) return null;
    const rule = valueRule(f);
    const p = placeOf(f.xml);
    const { key } = f;
    let read: (t: FlatTree, i: number, first: number[]) => string | undefined;
    let part: Omit<FastPart, 'step'> = {};
    if (p.own) read = (t, i) => t.text[i];
    else if (p.el === undefined) {
      const a = p.attr;
      part = { attr: a };
      read = (t, i) => attrValue(t.attrs[i], a);
    } else {
      part = { once: p.el };
      const slot = c.slotOf(p.el);
      const a = p.attr;
      read =
        a === undefined
          ? (t, _i, first) => (first[slot] < 0 ? undefined : t.text[first[slot]])
          : (t, _i, first) => {
              const el = first[slot];
              return el >= 0 ? attrValue(t.attrs[el], a) : undefined;
            };
    }
    const text = f.kind === 'text';
    return {
      ...part,
      step: (t, i, first, out) => {
        let v = read(t, i, first);
        // as the reader: an empty element means "no value", except for text
        if (v === '' && !text) v = undefined;
        const r = rule(v);
        if (r === FAIL) return false;
        if (r !== undefined) out[key] = r;
        return true;
      },
    };
  },
  group(f, c, _at, children) {
    const inner = compileRecord(children);
    if (!inner) return null;
    const { key, required } = f;
    const slot = c.slotOf(f.xml);
    return {
      once: f.xml,
      step: (t, _i, first, out) => {
        const el = first[slot];
        if (el < 0) return !required;
        const v = inner(t, el);
        if (!v) return false;
        out[key] = v;
        return true;
      },
    };
  },
  list(f, c, _at, children) {
    const item: ((t: FlatTree, el: number) => unknown) | null = children
      ? compileRecord(children, f.requireOneOf)
      : ((rule) => (t: FlatTree, el: number) => {
          const r = rule(t.text[el]);
          return r === FAIL ? undefined : r;
        })(valueRule({ kind: f.itemKind ?? 'text', required: true }));
    if (!item) return null;
    const { key, xml, required } = f;
    // The items are gathered in this list's own scratch array and the record gets a copy of just
    // them (slice). An array literal per record would be an allocation site V8 tracks: in a
    // Node-RED process, where batches wait for the flow, it decides early that the site's arrays
    // live long and allocates them straight in the old generation, and from then on every
    // scavenge promotes the records they hold (docs/performance.md, "P1, sixth round"). A copy
    // made by slice has no allocation site. Reads are synchronous and a list is never nested in
    // itself, so one scratch array per list field serves; what it still points to after a record
    // is overwritten by the next one.
    const items: unknown[] = [];
    const itemName = f.item;
    if (xml === '') {
      return {
        repeated: itemName,
        step: (t, i, _first, out) => {
          const end = t.end[i];
          let n = 0;
          for (let el = i + 1; el < end; el = t.end[el]) {
            if (t.name[el] !== itemName) continue;
            const v = item(t, el);
            if (v === undefined) return false;
            items[n++] = v;
          }
          out[key] = items.slice(0, n);
          return true;
        },
      };
    }
    const slot = c.slotOf(xml);
    return {
      once: xml,
      step: (t, _i, first, out) => {
        const w = first[slot];
        if (w < 0) return !required;
        if (t.attrs[w].length) return false;
        const end = t.end[w];
        let n = 0;
        for (let el = w + 1; el < end; el = t.end[el]) {
          if (t.name[el] !== itemName) return false;
          const v = item(t, el);
          if (v === undefined) return false;
          items[n++] = v;
        }
        out[key] = items.slice(0, n);
        return true;
      },
    };
  },
};

/** A record element -> its validated model; `walk` gives its fields' parts; null when a field cannot be checked fast. */
function compileRecord(walk: (c: Compiling) => (FastPart | null)[], requireOneOf?: readonly (readonly string[])[]): FastRecord | null {
  /** Slot of each once-used child name, in `first` (one scratch array per compiled record: reads are synchronous). */
  const slots = new Map<string, number>();
  const parts = walk({
    slotOf(name) {
      let i = slots.get(name);
      if (i === undefined) {
        i = slots.size;
        slots.set(name, i);
      }
      return i;
    },
  });
  if (parts.some((p) => p === null)) return null;
  const ok = parts as FastPart[];
  /** Child element names this record uses once (value fields, groups, list wrappers). */
  const once = new Set(ok.flatMap((p) => (p.once === undefined ? [] : [p.once])));
  /** Direct list items (repeated children). */
  const repeated = new Set(ok.flatMap((p) => (p.repeated === undefined ? [] : [p.repeated])));
  const attrs = new Set(ok.flatMap((p) => (p.attr === undefined ? [] : [p.attr])));
  const steps = ok.map((p) => p.step);
  for (const n of repeated) if (once.has(n)) return null;

  const first: number[] = new Array<number>(slots.size).fill(-1);
  const nSteps = steps.length;
  // records made by a constructor of their own get room for their fields inside the object (V8's
  // slack tracking) instead of a property store grown field by field; the prototype is a plain object's
  const Rec = function () {} as unknown as new () => Record<string, unknown>;
  Rec.prototype = Object.prototype;
  return (t, i) => {
    const own = t.attrs[i];
    for (let k = 0; k < own.length; k += 2) if (!attrs.has(own[k])) return undefined;
    first.fill(-1);
    const end = t.end[i];
    for (let c = i + 1; c < end; c = t.end[c]) {
      const name = t.name[c];
      const slot = slots.get(name);
      if (slot === undefined) {
        if (repeated.has(name)) continue;
        // an unknown element belongs under `extra`: the ordinary path keeps it
        return undefined;
      }
      // so does a repeated one
      if (first[slot] >= 0) return undefined;
      first[slot] = c;
    }
    const out = new Rec();
    for (let k = 0; k < nSteps; k++) if (!steps[k](t, i, first, out)) return undefined;
    if (requireOneOf) for (const g of requireOneOf) if (!g.some((k) => present(out[k]))) return undefined;
    return out;
  };
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
