/**
 * Writing a record of the JSON model onto an XML element tree: its fields in catalogue order, then
 * its unknown content from `extra`. The walk over the fields runs once per field list and leaves a
 * plan (one step per field); each record then only runs the plan.
 */
import type { OutElement } from '../xml/writer';
import type { Field } from './types';
import { EXTRA_KEY, fromExtra, type ExtraValue } from './extra';
import { format, type FormatOptions } from './values';
import { isValue, placeOf, visitFields, type FieldVisitor } from './walk';

/** One record being written. */
interface Writing {
  model: Record<string, unknown>;
  el: OutElement;
  attrs: Record<string, string>;
  kids: OutElement[];
  /** The child elements written for value fields, by name (two fields may share one: `Pris`, `Pris@valuta`). */
  byName: Map<string, OutElement>;
  o: FormatOptions;
}

type WriteStep = (w: Writing, v: unknown) => void;

interface WritePlan {
  keys: readonly string[];
  steps: readonly WriteStep[];
  /** Child elements of value fields (not text) that an unknown element of the same name must not stand in for. */
  standIns: readonly string[];
}

const plans = new WeakMap<readonly Field[], WritePlan>();

function planFrom(fields: readonly Field[], steps: WriteStep[]): WritePlan {
  let p = plans.get(fields);
  if (!p) {
    const standIns: string[] = [];
    for (const f of fields) {
      if (!isValue(f) || f.kind === 'text') continue;
      const el = placeOf(f.xml).el;
      if (el !== undefined) standIns.push(el);
    }
    p = { keys: fields.map((f) => f.key), steps, standIns };
    plans.set(fields, p);
  }
  return p;
}

/** The write walk's callbacks: each gives the step that writes its field's value `v` (never undefined or null). */
const writeStep: FieldVisitor<undefined, WriteStep> = {
  value(f) {
    const p = placeOf(f.xml);
    const kind = f.kind;
    if (p.own) return (w, v) => void (w.el.text = format(kind, v, w.o));
    if (p.el === undefined) {
      const a = p.attr;
      return (w, v) => void (w.attrs[a] = format(kind, v, w.o));
    }
    const { el: name, attr } = p;
    return (w, v) => {
      const text = format(kind, v, w.o);
      let c = w.byName.get(name);
      if (!c) {
        c = { name, attrs: {}, text: '' };
        w.byName.set(name, c);
        w.kids.push(c);
      }
      if (attr === undefined) c.text = text;
      else (c.attrs as Record<string, string>)[attr] = text;
    };
  },
  group(f, _c, _at, children) {
    const inner = planFrom(f.fields, children(undefined));
    const name = f.xml;
    return (w, v) => {
      const c: OutElement = { name };
      run(inner, v as Record<string, unknown>, c, w.o);
      w.kids.push(c);
    };
  },
  list(f, _c, _at, children) {
    const inner = children && f.fields ? planFrom(f.fields, children(undefined)) : undefined;
    const { xml, item } = f;
    const itemKind = f.itemKind ?? 'text';
    return (w, v) => {
      const items = (v as unknown[]).map((it) => {
        const c: OutElement = { name: item };
        if (inner) run(inner, it as Record<string, unknown>, c, w.o);
        else c.text = format(itemKind, it, w.o);
        return c;
      });
      if (xml === '') w.kids.push(...items);
      else w.kids.push({ name: xml, children: items });
    };
  },
};

function run(p: WritePlan, model: Record<string, unknown>, el: OutElement, o: FormatOptions): void {
  const w: Writing = { model, el, attrs: (el.attrs ??= {}), kids: (el.children ??= []) as OutElement[], byName: new Map(), o };
  for (let i = 0; i < p.steps.length; i++) {
    const v = model[p.keys[i]];
    if (v !== undefined && v !== null) p.steps[i](w, v);
  }
  const extra = model[EXTRA_KEY] as Record<string, ExtraValue> | undefined;
  if (!extra) return;
  // An unknown element named like one of this record's fields is a second occurrence of it (the
  // reader takes the first as the field). When the field has no value, an empty element stands
  // in for it, so the field stays empty when read back instead of taking the extra's value.
  for (const name of p.standIns) {
    if (w.byName.has(name) || !Object.hasOwn(extra, name)) continue;
    const c: OutElement = { name, attrs: {}, text: '' };
    w.byName.set(name, c);
    w.kids.push(c);
  }
  for (const k of Object.keys(extra)) {
    if (k.startsWith('@')) w.attrs[k.slice(1)] = String(extra[k]);
    else if (k === '#text') el.text = String(extra[k]);
    else fromExtra(k, extra[k], w.kids);
  }
}

/** Write a record's fields (in catalogue order, then its extras) onto an element. */
export function writeRecord(fields: readonly Field[], model: Record<string, unknown>, el: OutElement, o: FormatOptions): void {
  run(plans.get(fields) ?? planFrom(fields, visitFields(fields, writeStep, undefined)), model, el, o);
}
