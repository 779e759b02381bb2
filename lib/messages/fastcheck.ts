/**
 * The valid fast path of reading a record: one function compiled per record list from the
 * catalogue, which walks a record's element once and returns its validated JSON model, with no
 * intermediate raw object and no zod. It takes only what it is sure of: a record with an unknown
 * or repeated element, an unknown attribute, or any value that does not validate gives `undefined`,
 * and the caller reads that record the ordinary way (readRecord + the zod schema), which keeps
 * `extra` and names every problem. So the fast path changes speed, never results: a test compares
 * both on every fixture and on generated files.
 *
 * The value rules are the zod schema's of engine.ts (valueSchema): absent or empty -> no key
 * (text keeps ""), coerce() by kind, a blank result is no value, `min` for numbers, `requireOneOf`
 * on the validated values.
 */
import type { XmlElement } from '../xml/reader';
import type { Field, ListField, ValueField } from './types';
import { coerce } from './values';

/** Returns the validated record, or undefined when the ordinary path must decide. */
export type FastRecord = (el: XmlElement) => Record<string, unknown> | undefined;

/** Where a value field's text sits. */
type Place = { own: true } | { attr: string } | { el: string; attr?: string };

function placeOf(xml: string): Place {
  if (xml === '#text') return { own: true };
  if (xml.startsWith('@')) return { attr: xml.slice(1) };
  const i = xml.indexOf('@');
  return i < 0 ? { el: xml } : { el: xml.slice(0, i), attr: xml.slice(i + 1) };
}

/** The value rule of one field: raw text (or undefined) -> [ok, value] where value undefined means "no key". */
function valueRule(f: Pick<ValueField, 'kind' | 'required' | 'values' | 'min'>): (v: string | undefined) => { ok: boolean; value?: unknown } {
  const text = f.kind === 'text';
  const required = !!f.required;
  const values = f.values;
  const min = f.min;
  const NO = { ok: false };
  const NONE = { ok: true, value: undefined };
  return (v) => {
    if (v === undefined || (v === '' && (!text || required))) return required ? NO : NONE;
    const r = coerce(f.kind, v, values);
    if ('message' in r) return NO;
    if (r.value === '' && !text) return required ? NO : NONE;
    if (min !== undefined && typeof r.value === 'number' && r.value < min) return NO;
    return { ok: true, value: r.value };
  };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** A record element with these fields -> its validated model; null when a field kind is not known here. */
function compileObject(fields: readonly Field[], requireOneOf?: readonly (readonly string[])[]): FastRecord | null {
  /** Child element names this record uses once (value fields, groups, list wrappers). */
  const once = new Set<string>();
  /** Direct list items (repeated children). */
  const repeated = new Set<string>();
  const attrs = new Set<string>();
  /** Slot of each once-used child name, in `first` (one scratch array per compiled record: reads are synchronous). */
  const slots = new Map<string, number>();
  const slotOf = (name: string): number => {
    let i = slots.get(name);
    if (i === undefined) {
      i = slots.size;
      slots.set(name, i);
    }
    return i;
  };
  const steps: ((el: XmlElement, first: (XmlElement | undefined)[], out: Record<string, unknown>) => boolean)[] = [];

  for (const f of fields) {
    if (f.kind === 'group') {
      const inner = compileObject(f.fields);
      if (!inner) return null;
      once.add(f.xml);
      const { key, required } = f;
      const slot = slotOf(f.xml);
      steps.push((_el, first, out) => {
        const c = first[slot];
        if (!c) return !required;
        const v = inner(c);
        if (!v) return false;
        out[key] = v;
        return true;
      });
      continue;
    }
    if (f.kind === 'list') {
      const item: ((c: XmlElement) => unknown) | null = f.fields
        ? compileObject(f.fields, f.requireOneOf)
        : ((rule) => (c: XmlElement) => {
            const r = rule(c.text);
            return r.ok && r.value !== undefined ? r.value : undefined;
          })(valueRule({ kind: f.itemKind ?? 'text', required: true }));
      if (!item) return null;
      const { key, xml, required } = f;
      const itemName = f.item;
      if (xml === '') {
        repeated.add(itemName);
        steps.push((el, _first, out) => {
          const arr: unknown[] = [];
          for (const c of el.children) {
            if (c.name !== itemName) continue;
            const v = item(c);
            if (v === undefined) return false;
            arr.push(v);
          }
          out[key] = arr;
          return true;
        });
      } else {
        once.add(xml);
        const slot = slotOf(xml);
        steps.push((_el, first, out) => {
          const w = first[slot];
          if (!w) return !required;
          if (Object.keys(w.attrs).length) return false;
          const arr: unknown[] = [];
          for (const c of w.children) {
            if (c.name !== itemName) return false;
            const v = item(c);
            if (v === undefined) return false;
            arr.push(v);
          }
          out[key] = arr;
          return true;
        });
      }
      continue;
    }
    if (f.kind === 'text' || f.kind === 'code' || f.kind === 'decimal' || f.kind === 'integer' || f.kind === 'boolean' || f.kind === 'date' || f.kind === 'datetime' || f.kind === 'enum' || f.kind === 'action') {
      const rule = valueRule(f);
      const p = placeOf(f.xml);
      const { key } = f;
      let read: (el: XmlElement, first: (XmlElement | undefined)[]) => string | undefined;
      if ('own' in p) read = (el) => el.text;
      else if (!('el' in p)) {
        attrs.add(p.attr);
        const a = p.attr;
        read = (el) => (Object.prototype.hasOwnProperty.call(el.attrs, a) ? el.attrs[a] : undefined);
      } else {
        once.add(p.el);
        const slot = slotOf(p.el);
        const a = p.attr;
        read =
          a === undefined
            ? (_el, first) => first[slot]?.text
            : (_el, first) => {
                const c = first[slot];
                return c && Object.prototype.hasOwnProperty.call(c.attrs, a) ? c.attrs[a] : undefined;
              };
      }
      const text = f.kind === 'text';
      steps.push((el, first, out) => {
        let v = read(el, first);
        // as the reader: an empty element means "no value", except for text
        if (v === '' && !text) v = undefined;
        const r = rule(v);
        if (!r.ok) return false;
        if (r.value !== undefined) out[key] = r.value;
        return true;
      });
      continue;
    }
    return null;
  }
  for (const n of repeated) if (once.has(n)) return null;

  const first: (XmlElement | undefined)[] = new Array<XmlElement | undefined>(slots.size).fill(undefined);
  return (el) => {
    for (const a in el.attrs) if (!attrs.has(a)) return undefined;
    first.fill(undefined);
    const kids = el.children;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      const slot = slots.get(c.name);
      if (slot === undefined) {
        if (repeated.has(c.name)) continue;
        // an unknown element belongs under `extra`: the ordinary path keeps it
        return undefined;
      }
      // so does a repeated one
      if (first[slot] !== undefined) return undefined;
      first[slot] = c;
    }
    const out: Record<string, unknown> = {};
    for (const s of steps) if (!s(el, first, out)) return undefined;
    if (requireOneOf) for (const g of requireOneOf) if (!g.some((k) => present(out[k]))) return undefined;
    return out;
  };
}

const compiled = new WeakMap<ListField, FastRecord | null>();

/** The fast path of one record list (compiled once), or undefined when the list has a field kind it does not know. */
export function fastRecordOf(list: ListField): FastRecord | undefined {
  let f = compiled.get(list);
  if (f === undefined) {
    f = list.fields ? compileObject(list.fields, list.requireOneOf) : null;
    compiled.set(list, f);
  }
  return f ?? undefined;
}

/** For readers that hold their own element: the fast record, or undefined. */
export function fastRead(list: ListField, el: XmlElement): Record<string, unknown> | undefined {
  return fastRecordOf(list)?.(el);
}
