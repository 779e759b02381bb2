/**
 * Reading an XML record element into the raw model (strings, unknown content under `extra`). The
 * walk over the fields runs once per field list and leaves a plan (one step per field, the names the
 * record consumes); each record then only runs the plan. Also the key of a record element and the
 * dialect test of a whole file.
 */
import type { XmlElement } from '../xml/reader';
import type { BodyDef, Field, ListField } from './types';
import { addExtra, EXTRA_KEY, toExtra, type ExtraBudget, type ExtraElement } from './extra';
import { pyramidName } from './issues';
import { isValue, placeOf, recordLists, visitFields, type FieldVisitor } from './walk';

/** Budgets for `readRecord`. */
export interface ReadBudgets {
  /** Unknown content of this element (and of the records nested in it). */
  budget?: ExtraBudget;
  /** For the items of this element's record lists: each its own budget. */
  record?: (list: ListField, index: number, item: XmlElement) => ExtraBudget | undefined;
}

/** One record being read. */
interface Reading {
  el: XmlElement;
  /** First occurrence of each child element. */
  first: Map<string, XmlElement>;
  out: Record<string, unknown>;
  budget: ExtraBudget | undefined;
  record: ReadBudgets['record'];
  /** Unknown elements inside list wrappers, kept under extra.<Wrapper>. */
  wrapperExtras: [string, ExtraElement][] | undefined;
}

type ReadStep = (r: Reading) => void;

/** What the read walk gives for one field: its step, and the names of the record it consumes. */
interface ReadPart {
  step: ReadStep;
  /** A child element taken in its first occurrence (a value or a group). */
  usedEl?: string;
  /** A child element taken in every occurrence (list items and wrappers). */
  allEl?: string;
  usedAttr?: string;
}

interface ReadPlan {
  steps: readonly ReadStep[];
  usedEls: ReadonlySet<string>;
  allEls: ReadonlySet<string>;
  usedAttrs: ReadonlySet<string>;
}

const plans = new WeakMap<readonly Field[], ReadPlan>();

function planFrom(fields: readonly Field[], parts: readonly ReadPart[]): ReadPlan {
  let p = plans.get(fields);
  if (!p) {
    const set = (k: 'usedEl' | 'allEl' | 'usedAttr') => new Set(parts.flatMap((x) => (x[k] === undefined ? [] : [x[k]])));
    p = { steps: parts.map((x) => x.step), usedEls: set('usedEl'), allEls: set('allEl'), usedAttrs: set('usedAttr') };
    plans.set(fields, p);
  }
  return p;
}

function planOf(fields: readonly Field[]): ReadPlan {
  return plans.get(fields) ?? planFrom(fields, visitFields(fields, readPart, undefined));
}

/** The read walk's callbacks. */
const readPart: FieldVisitor<undefined, ReadPart> = {
  value(f) {
    const p = placeOf(f.xml);
    const { key } = f;
    const text = f.kind === 'text';
    // an empty element means "no value", except for text, where "" is a value
    const keep = (r: Reading, v: string | undefined) => {
      if (v !== undefined && (v !== '' || text)) r.out[key] = v;
    };
    if (p.own) return { step: (r) => keep(r, r.el.text) };
    if (p.el === undefined) {
      const a = p.attr;
      return { usedAttr: a, step: (r) => keep(r, r.el.attrs[a]) };
    }
    const { el: name, attr } = p;
    return {
      usedEl: name,
      step: (r) => {
        const c = r.first.get(name);
        if (c) keep(r, attr === undefined ? c.text : c.attrs[attr]);
      },
    };
  },
  group(f, _c, _at, children) {
    const inner = planFrom(f.fields, children(undefined));
    const { key, xml } = f;
    return {
      usedEl: xml,
      step: (r) => {
        const c = r.first.get(xml);
        if (c) r.out[key] = run(inner, c, r.budget, undefined);
      },
    };
  },
  list(f, _c, _at, children) {
    const inner = children && f.fields ? planFrom(f.fields, children(undefined)) : undefined;
    const { key, xml, item } = f;
    const take = (r: Reading, items: XmlElement[]) => {
      r.out[key] = items.map((it, i) => (inner ? run(inner, it, r.record?.(f, i, it) ?? r.budget, undefined) : it.text));
    };
    if (xml === '') return { allEl: item, step: (r) => take(r, r.el.children.filter((c) => c.name === item)) };
    return {
      allEl: xml,
      step: (r) => {
        if (!r.first.has(xml)) return;
        const items: XmlElement[] = [];
        let strangers: ExtraElement | undefined;
        for (const w of r.el.children) {
          if (w.name !== xml) continue;
          for (const c of w.children) {
            if (c.name === item) items.push(c);
            else addExtra((strangers ??= {}), c.name, toExtra(c, r.budget));
          }
        }
        // unknown elements inside a list wrapper are kept too, under extra.<Wrapper>
        if (strangers) (r.wrapperExtras ??= []).push([xml, strangers]);
        take(r, items);
      },
    };
  },
};

function run(p: ReadPlan, el: XmlElement, budget: ExtraBudget | undefined, record: ReadBudgets['record']): Record<string, unknown> {
  const first = new Map<string, XmlElement>();
  for (const c of el.children) if (!first.has(c.name)) first.set(c.name, c);
  const r: Reading = { el, first, out: {}, budget, record, wrapperExtras: undefined };
  for (const s of p.steps) s(r);
  const out = r.out;
  let extra: ExtraElement | undefined;
  for (const a of Object.keys(el.attrs)) {
    if (p.usedAttrs.has(a)) continue;
    (extra ??= {})['@' + a] = el.attrs[a];
    if (budget) budget.chars += a.length + el.attrs[a].length;
  }
  for (const c of el.children) {
    if (p.allEls.has(c.name)) continue;
    if (p.usedEls.has(c.name) && first.get(c.name) === c) continue;
    addExtra((extra ??= {}), c.name, toExtra(c, budget));
  }
  if (r.wrapperExtras) for (const [name, v] of r.wrapperExtras) addExtra((extra ??= {}), name, v);
  if (extra) out[EXTRA_KEY] = extra;
  return out;
}

/**
 * Read the fields of a record element into a raw object; unknown elements go to `extra`.
 * A list's items are taken from every occurrence of its wrapper element (a file written in two
 * chunks of `<Rader>` has all its rows), as the streaming reader does; unknown elements inside the
 * wrappers are kept under `extra.<Wrapper>`, one object for all occurrences.
 */
export function readRecord(fields: readonly Field[], el: XmlElement, budgets: ReadBudgets = {}): Record<string, unknown> {
  return run(planOf(fields), el, budgets.budget, budgets.record);
}

/** The key values of a record element, read from its element directly (for error texts). */
export function elementKey(fields: readonly Field[], el: XmlElement): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (!isValue(f) || !f.isKey) continue;
    const w = placeOf(f.xml);
    let v: string | undefined;
    if (w.own) v = el.text;
    else if (w.el === undefined) v = el.attrs[w.attr];
    else {
      const c = el.children.find((x) => x.name === w.el);
      if (c) v = w.attr === undefined ? c.text : c.attrs[w.attr];
    }
    if (v !== undefined && v.trim() !== '') parts.push(`${pyramidName(f.xml)} ${v.trim().slice(0, 40)}`);
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * A file whose record lists are all empty while unknown elements sit beside them was written in
 * another dialect (or for another message). Taking it as "no records" could, for a full Lagersaldo,
 * mean "all stock is 0"; so it is an error that names what was found.
 */
export function dialectProblem(body: BodyDef, counts: Map<string, number>, extra: unknown): string | undefined {
  const lists = recordLists(body).filter((l) => l.xml === '' || !!l.stream);
  if (!lists.length || lists.some((l) => (counts.get(l.key) ?? 0) > 0)) return undefined;
  if (!extra || typeof extra !== 'object') return undefined;
  const strangers = Object.keys(extra).filter((k) => !k.startsWith('@') && k !== '#text');
  if (!strangers.length) return undefined;
  const found = strangers
    .map((k) => {
      const v = (extra as Record<string, unknown>)[k];
      return `<${k}>${Array.isArray(v) ? ` (${v.length}×)` : ''}`;
    })
    .join(', ');
  const expected = lists.map((l) => `<${l.xml ? l.xml + '/' : ''}${l.item}>`).join(' or ');
  return `has no ${expected} records but unknown elements ${found}: the file does not follow this message's dialect`;
}
