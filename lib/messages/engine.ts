/**
 * The one implementation behind all message types: from a BodyDef (data) it derives
 * - the zod schema of the JSON model (what build accepts, what parse returns),
 * - reading an XML element tree into the raw model (strings, plus `extra` for unknown elements),
 * - writing a model back to an element tree,
 * - error texts in Pyramid's words (`Artikel[42] (artikelkod 00123): grundpris ...`).
 */
import { z } from 'zod';
import type { XmlElement } from '../xml/reader';
import { isXmlName, type OutElement } from '../xml/writer';
import type { BodyDef, Field, Issue, ListField, ValueField } from './types';
import { coerce, format, type FormatOptions } from './values';

// ---------------------------------------------------------------------------------------------
// zod schemas

export const EXTRA_KEY = 'extra';

/** Unknown elements: text, or {"@attr": .., "#text": .., Child: ...}, repeated ones as arrays. */
export type ExtraValue = string | ExtraElement | (string | ExtraElement)[];
export interface ExtraElement {
  [name: string]: ExtraValue;
}

/** How deep `extra` may nest (the reader refuses deeper XML anyway). */
const MAX_EXTRA_DEPTH = 64;

/**
 * `extra` as a flow hands it over -> plain data: own enumerable keys only, values text (numbers and
 * booleans become text), objects and lists of those. A function, a getter, a symbol, a class
 * instance or a name XML cannot carry is refused, never written: what is built is what parses back.
 */
function plainExtra(v: unknown, path: string, depth: number): { value: ExtraValue } | { message: string } {
  if (typeof v === 'string') return { value: v };
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return { value: String(v) };
  if (depth > MAX_EXTRA_DEPTH) return { message: `${path} is nested deeper than ${MAX_EXTRA_DEPTH} levels` };
  if (Array.isArray(v)) {
    const out: (string | ExtraElement)[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = plainExtra(v[i], `${path}[${i}]`, depth + 1);
      if ('message' in r) return r;
      if (Array.isArray(r.value)) return { message: `${path}[${i}] is a list inside a list (repeat the element instead)` };
      out.push(r.value);
    }
    return { value: out };
  }
  if (v && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return { message: `${path} is not plain data (an object of class ${(v as object).constructor?.name ?? '?'})` };
    if (Object.getOwnPropertySymbols(v).length) return { message: `${path} has a symbol key` };
    const out: ExtraElement = {};
    for (const k of Object.keys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k) as PropertyDescriptor;
      if (!('value' in d)) return { message: `${path}.${k} is a getter or setter, not a value` };
      const name = k.startsWith('@') ? k.slice(1) : k;
      if (k !== '#text' && !isXmlName(name)) return { message: `${path} has the key "${k}", which is not an XML name` };
      if (k.startsWith('@') || k === '#text') {
        const r = plainExtra(d.value, `${path}.${k}`, depth + 1);
        if ('message' in r) return r;
        if (typeof r.value !== 'string') return { message: `${path}.${k} must be text` };
        out[k] = r.value;
        continue;
      }
      const r = plainExtra(d.value, `${path}.${k}`, depth + 1);
      if ('message' in r) return r;
      out[k] = r.value;
    }
    return { value: out };
  }
  return { message: `${path} is ${v === null ? 'null' : typeof v}, not text or an element` };
}

const extraSchema = z
  .any()
  .transform((input, ctx) => {
    if (input === undefined) return undefined;
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'should be an object of unknown elements ({"Element": "text", "@attribute": "text"})' });
      return z.NEVER;
    }
    const r = plainExtra(input, EXTRA_KEY, 0);
    if ('message' in r) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value as ExtraElement;
  })
  .optional();

function valueSchema(f: { kind: ValueField['kind']; required?: boolean; values?: readonly string[]; min?: number }): z.ZodType {
  const keepEmpty = f.kind === 'text';
  return z.any().transform((input, ctx) => {
    if (input === undefined || input === null || (input === '' && (!keepEmpty || f.required))) {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      return undefined;
    }
    // a value that is only whitespace (a non-breaking space included) is no value, whatever its kind
    // but text: written back it would read as absent, so a required one is refused here, at the door
    if (!keepEmpty && typeof input === 'string' && input.trim() === '') {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: `is blank (${describeBlank(input)})` });
        return z.NEVER;
      }
      return undefined;
    }
    const r = coerce(f.kind, input, f.values);
    if ('message' in r) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    if (r.value === '' && !keepEmpty) {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: `is blank (${describeBlank(input)})` });
        return z.NEVER;
      }
      return undefined;
    }
    if (f.min !== undefined && typeof r.value === 'number' && r.value < f.min) {
      ctx.addIssue({ code: 'custom', message: `is ${r.value}, less than ${f.min}` });
      return z.NEVER;
    }
    return r.value;
  });
}

function describeBlank(input: unknown): string {
  return typeof input === 'string' && input.length ? 'only whitespace' : 'empty';
}

function fieldSchema(f: Field): z.ZodType {
  switch (f.kind) {
    case 'group': {
      const s = objectSchema(f.fields);
      return f.required ? s : s.optional();
    }
    case 'list': {
      const item = f.fields ? objectSchema(f.fields, f.requireOneOf) : valueSchema({ kind: f.itemKind ?? 'text', required: true });
      const arr = z.array(item);
      if (f.xml === '') return arr.default([]);
      return f.required ? arr : arr.optional();
    }
    default: {
      const s = valueSchema(f);
      return f.required ? s : s.optional();
    }
  }
}

export function objectSchema(fields: readonly Field[], requireOneOf?: readonly (readonly string[])[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) shape[f.key] = fieldSchema(f);
  shape[EXTRA_KEY] = extraSchema;
  const s = z.strictObject(shape);
  return requireOneOf?.length ? s.superRefine((v, ctx) => checkOneOf(fields, requireOneOf, v, ctx)) : s;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function checkOneOf(fields: readonly Field[], groups: readonly (readonly string[])[], v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const g of groups) {
    if (g.some((k) => present(v[k]))) continue;
    const names = g.map((k) => pyramidName(fields.find((f) => f.key === k)?.xml ?? k));
    ctx.addIssue({ code: 'custom', message: `needs ${names.join(' or ')}`, path: [] });
  }
}

/**
 * The model without keys whose value is undefined (an optional value that was blank): what JSON
 * would carry, so a model and its copy through JSON are equal.
 */
export function dropUndefined<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const x of v) dropUndefined(x);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (o[k] === undefined) delete o[k];
      else if (typeof o[k] === 'object') dropUndefined(o[k]);
    }
  }
  return v;
}

/** The record lists directly under the root, read one by one (and streamed when big). */
export function recordLists(body: BodyDef): ListField[] {
  return body.fields.filter((f): f is ListField => f.kind === 'list' && !!f.fields);
}

export interface BodySchemas {
  /** The whole model. */
  full: z.ZodObject;
  /** The model with its top-level record lists taken as they are (validated per record). */
  header: z.ZodObject;
  /** One schema per top-level record list, for a single item. */
  items: Map<string, z.ZodObject>;
}

export function bodySchemas(body: BodyDef): BodySchemas {
  const lists = recordLists(body);
  const items = new Map<string, z.ZodObject>();
  for (const l of lists) items.set(l.key, objectSchema(l.fields ?? [], l.requireOneOf));
  const headerShape: Record<string, z.ZodType> = {};
  for (const f of body.fields) {
    headerShape[f.key] = items.has(f.key) ? z.array(z.any()).optional() : fieldSchema(f);
  }
  headerShape[EXTRA_KEY] = extraSchema;
  const oneOf = body.requireOneOf;
  const header = z.strictObject(headerShape);
  return {
    full: objectSchema(body.fields, oneOf),
    header: oneOf?.length ? header.superRefine((v, ctx) => checkOneOf(body.fields, oneOf, v, ctx)) : header,
    items,
  };
}

// ---------------------------------------------------------------------------------------------
// reading: element tree -> raw model (strings)

function splitXml(xml: string): { el?: string; attr?: string; own?: boolean } {
  if (xml === '#text') return { own: true };
  if (xml.startsWith('@')) return { attr: xml.slice(1) };
  const i = xml.indexOf('@');
  return i < 0 ? { el: xml } : { el: xml.slice(0, i), attr: xml.slice(i + 1) };
}

const splitCache = new Map<string, ReturnType<typeof splitXml>>();
function where(xml: string): ReturnType<typeof splitXml> {
  let w = splitCache.get(xml);
  if (!w) {
    w = splitXml(xml);
    splitCache.set(xml, w);
  }
  return w;
}

/**
 * A limit on the unknown content kept under `extra` (per record, or per file outside the records).
 * `take` is called for each unknown element as it is kept; over the limit `over` throws.
 */
export class ExtraBudget {
  elements = 0;
  chars = 0;
  constructor(
    readonly maxElements: number,
    readonly maxChars: number,
    private readonly over: (budget: ExtraBudget, el: XmlElement, what: 'elements' | 'chars') => never,
  ) {}

  /** One element kept; `top` is the unknown element it belongs to (named in the error). */
  take(el: XmlElement, top: XmlElement = el): void {
    this.elements++;
    let chars = el.name.length + el.text.length;
    for (const a of Object.keys(el.attrs)) chars += a.length + el.attrs[a].length;
    this.chars += chars;
    if (this.elements > this.maxElements) this.over(this, top, 'elements');
    if (this.chars > this.maxChars) this.over(this, top, 'chars');
  }

  /** An element and everything under it. */
  takeTree(el: XmlElement): void {
    const stack = [el];
    while (stack.length) {
      const e = stack.pop() as XmlElement;
      this.take(e, el);
      for (const c of e.children) stack.push(c);
    }
  }
}

export function toExtra(el: XmlElement, budget?: ExtraBudget, top: XmlElement = el): string | ExtraElement {
  budget?.take(el, top);
  const attrNames = Object.keys(el.attrs);
  if (!attrNames.length && !el.children.length) return el.text;
  const o: ExtraElement = {};
  for (const a of attrNames) o['@' + a] = el.attrs[a];
  if (el.text.trim() !== '' || !el.children.length) o['#text'] = el.text;
  for (const c of el.children) addExtra(o, c.name, toExtra(c, budget, top));
  return o;
}

/** Add an unknown element by name; own properties only, so `toString` is a name like any other. */
function addExtra(o: ExtraElement, name: string, v: string | ExtraElement): void {
  if (!Object.hasOwn(o, name)) {
    o[name] = v;
    return;
  }
  const prev = o[name];
  if (Array.isArray(prev)) prev.push(v);
  else o[name] = [prev, v];
}

/** Budgets for `readRecord`. */
export interface ReadBudgets {
  /** Unknown content of this element (and of the records nested in it). */
  budget?: ExtraBudget;
  /** For the items of this element's record lists: each its own budget. */
  record?: (list: ListField, index: number, item: XmlElement) => ExtraBudget | undefined;
}

/**
 * Read the fields of a record element into a raw object; unknown elements go to `extra`.
 * A list's items are taken from every occurrence of its wrapper element (a file written in two
 * chunks of `<Rader>` has all its rows), as the streaming reader does; unknown elements inside the
 * wrappers are kept under `extra.<Wrapper>`, one object for all occurrences.
 */
export function readRecord(fields: readonly Field[], el: XmlElement, budgets: ReadBudgets = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const budget = budgets.budget;
  const usedEls = new Set<string>();
  /** Names consumed in every occurrence (list items and wrappers), not only the first. */
  const allEls = new Set<string>();
  const usedAttrs = new Set<string>();
  const wrapperExtras: [string, ExtraElement][] = [];
  // first occurrence of each child element
  const first = new Map<string, XmlElement>();
  for (const c of el.children) if (!first.has(c.name)) first.set(c.name, c);

  for (const f of fields) {
    if (f.kind === 'group') {
      usedEls.add(f.xml);
      const c = first.get(f.xml);
      if (c) out[f.key] = readRecord(f.fields, c, { budget });
      continue;
    }
    if (f.kind === 'list') {
      let items: XmlElement[];
      if (f.xml === '') {
        allEls.add(f.item);
        items = el.children.filter((c) => c.name === f.item);
      } else {
        allEls.add(f.xml);
        if (!first.has(f.xml)) continue;
        items = [];
        let strangers: ExtraElement | undefined;
        for (const w of el.children) {
          if (w.name !== f.xml) continue;
          for (const c of w.children) {
            if (c.name === f.item) items.push(c);
            else addExtra((strangers ??= {}), c.name, toExtra(c, budget));
          }
        }
        // unknown elements inside a list wrapper are kept too, under extra.<Wrapper>
        if (strangers) wrapperExtras.push([f.xml, strangers]);
      }
      out[f.key] = items.map((it, i) =>
        f.fields ? readRecord(f.fields, it, { budget: budgets.record?.(f, i, it) ?? budget }) : it.text,
      );
      continue;
    }
    const w = where(f.xml);
    let v: string | undefined;
    if (w.own) v = el.text;
    else if (w.el === undefined) {
      usedAttrs.add(w.attr as string);
      v = el.attrs[w.attr as string];
    } else {
      usedEls.add(w.el);
      const c = first.get(w.el);
      if (c) v = w.attr === undefined ? c.text : c.attrs[w.attr];
    }
    // an empty element means "no value", except for text, where "" is a value
    if (v !== undefined && (v !== '' || f.kind === 'text')) out[f.key] = v;
  }

  let extra: ExtraElement | undefined;
  for (const a of Object.keys(el.attrs)) {
    if (usedAttrs.has(a)) continue;
    (extra ??= {})['@' + a] = el.attrs[a];
    if (budget) budget.chars += a.length + el.attrs[a].length;
  }
  for (const c of el.children) {
    if (allEls.has(c.name)) continue;
    if (usedEls.has(c.name) && first.get(c.name) === c) continue;
    addExtra((extra ??= {}), c.name, toExtra(c, budget));
  }
  for (const [name, v] of wrapperExtras) addExtra((extra ??= {}), name, v);
  if (extra) out[EXTRA_KEY] = extra;
  return out;
}

/** The key values of a record element, read from its element directly (for error texts). */
export function elementKey(fields: readonly Field[], el: XmlElement): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (f.kind === 'list' || f.kind === 'group' || !f.isKey) continue;
    const w = where(f.xml);
    let v: string | undefined;
    if (w.own) v = el.text;
    else if (w.el === undefined) v = el.attrs[w.attr as string];
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
  const lists = body.fields.filter((f): f is ListField => f.kind === 'list' && !!f.fields && (f.xml === '' || !!f.stream));
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

// ---------------------------------------------------------------------------------------------
// writing: model -> element tree

export function fromExtra(name: string, v: ExtraValue, into: OutElement[]): void {
  if (Array.isArray(v)) {
    for (const x of v) fromExtra(name, x, into);
    return;
  }
  if (typeof v !== 'object' || v === null) {
    into.push({ name, text: v === undefined || v === null ? '' : String(v) });
    return;
  }
  const el: OutElement = { name, attrs: {}, children: [], text: '' };
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (k.startsWith('@')) (el.attrs as Record<string, string>)[k.slice(1)] = String(x);
    else if (k === '#text') el.text = String(x);
    else fromExtra(k, x, el.children as OutElement[]);
  }
  into.push(el);
}

/** Write a record's fields (in catalogue order, then its extras) onto an element. */
export function writeRecord(fields: readonly Field[], model: Record<string, unknown>, el: OutElement, o: FormatOptions): void {
  const attrs = (el.attrs ??= {});
  const kids = (el.children ??= []);
  const byName = new Map<string, OutElement>();
  for (const f of fields) {
    const v = model[f.key];
    if (v === undefined || v === null) continue;
    if (f.kind === 'group') {
      const c: OutElement = { name: f.xml };
      writeRecord(f.fields, v as Record<string, unknown>, c, o);
      kids.push(c);
      continue;
    }
    if (f.kind === 'list') {
      const arr = v as unknown[];
      const items = arr.map((it) => {
        const c: OutElement = { name: f.item };
        if (f.fields) writeRecord(f.fields, it as Record<string, unknown>, c, o);
        else c.text = format(f.itemKind ?? 'text', it, o);
        return c;
      });
      if (f.xml === '') kids.push(...items);
      else kids.push({ name: f.xml, children: items });
      continue;
    }
    const text = format(f.kind, v, o);
    const w = where(f.xml);
    if (w.own) el.text = text;
    else if (w.el === undefined) attrs[w.attr as string] = text;
    else {
      let c = byName.get(w.el);
      if (!c) {
        c = { name: w.el, attrs: {}, text: '' };
        byName.set(w.el, c);
        kids.push(c);
      }
      if (w.attr === undefined) c.text = text;
      else (c.attrs as Record<string, string>)[w.attr] = text;
    }
  }
  const extra = model[EXTRA_KEY] as Record<string, ExtraValue> | undefined;
  if (extra) {
    // An unknown element named like one of this record's fields is a second occurrence of it (the
    // reader takes the first as the field). When the field has no value, an empty element stands
    // in for it, so the field stays empty when read back instead of taking the extra's value.
    for (const f of fields) {
      if (f.kind === 'list' || f.kind === 'group' || f.kind === 'text') continue;
      const w = where(f.xml);
      if (w.el === undefined || byName.has(w.el) || !Object.hasOwn(extra, w.el)) continue;
      const c: OutElement = { name: w.el, attrs: {}, text: '' };
      byName.set(w.el, c);
      kids.push(c);
    }
    for (const k of Object.keys(extra)) {
      if (k.startsWith('@')) attrs[k.slice(1)] = String(extra[k]);
      else if (k === '#text') el.text = String(extra[k]);
      else fromExtra(k, extra[k], kids);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// error texts

/** `Grundpris` -> `grundpris`, `@atgard` -> `atgard`, `Grundpris@valuta` -> `grundpris@valuta`. */
export function pyramidName(xml: string): string {
  const s = xml.startsWith('@') ? xml.slice(1) : xml === '#text' ? 'värde' : xml;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function keyText(fields: readonly Field[], raw: unknown): string {
  if (!raw || typeof raw !== 'object') return '';
  const parts: string[] = [];
  for (const f of fields) {
    if (f.kind !== 'list' && f.kind !== 'group' && f.isKey) {
      const v = (raw as Record<string, unknown>)[f.key];
      if (v !== undefined && v !== null && String(v).trim() !== '') parts.push(`${pyramidName(f.xml)} ${String(v).trim().slice(0, 40)}`);
    }
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The values of a record's key fields. */
export function keyValues(fields: readonly Field[], raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const f of fields) {
    if (f.kind !== 'list' && f.kind !== 'group' && f.isKey) {
      const v = (raw as Record<string, unknown>)[f.key];
      if (v !== undefined && v !== null && String(v).trim() !== '') out[f.key] = String(v);
    }
  }
  return out;
}

/**
 * Describe a model path in Pyramid's words. `raw` is the input (to name the record by its key);
 * `startIndex` shifts list positions (a streamed batch starts mid-file).
 */
export function describePath(body: BodyDef, raw: unknown, path: readonly PropertyKey[]): string {
  const records: string[] = [];
  const names: string[] = [];
  let fields: readonly Field[] = body.fields;
  let cur: unknown = raw;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const f = fields.find((x) => x.key === seg);
    if (!f) {
      names.push(String(seg));
      cur = undefined;
      continue;
    }
    if (f.kind === 'list') {
      const idx = path[i + 1];
      const arr = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[f.key] : undefined;
      if (typeof idx !== 'number') {
        names.push(pyramidName(f.xml || f.item));
        continue;
      }
      const item = Array.isArray(arr) ? arr[idx] : undefined;
      const label = f.label ?? f.item;
      if (f.fields) {
        records.push(`${[...names.map(cap), label].join('/')}[${idx + 1}]${keyText(f.fields, item)}`);
        names.length = 0;
        fields = f.fields;
        cur = item;
      } else {
        names.push(`${pyramidName(f.xml || f.item)}[${idx + 1}]`);
      }
      i++;
      continue;
    }
    if (f.kind === 'group') {
      names.push(pyramidName(f.xml));
      fields = f.fields;
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[f.key] : undefined;
      continue;
    }
    names.push(pyramidName(f.xml));
  }
  const rec = records.length ? records.join(' > ') : body.root;
  return names.length ? `${rec}: ${names.join('.')}` : rec;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
}

/** zod issues -> our issues, in Pyramid's words. `offset` renumbers a record list's index. */
export function toIssues(body: BodyDef, raw: unknown, zIssues: readonly ZodIssueLike[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const zi of zIssues) {
    const path = [...prefix, ...zi.path];
    const fullRaw = prefix.length ? wrapRaw(prefix, raw) : raw;
    if (zi.code === 'unrecognized_keys') {
      for (const k of zi.keys ?? []) {
        const p = [...path, k];
        out.push({
          path: p.map(toSeg),
          where: describePath(body, fullRaw, path),
          message: `has an unknown field "${k}" (a customer's own elements belong under "extra")`,
        });
      }
      continue;
    }
    let message = zi.message;
    if (zi.code === 'invalid_type') {
      message = zi.expected === 'array' ? 'should be a list' : zi.expected === 'object' ? 'should be an object' : `should be ${zi.expected}`;
    }
    out.push({ path: path.map(toSeg), where: describePath(body, fullRaw, path), message });
  }
  return out;
}

function toSeg(p: PropertyKey): string | number {
  return typeof p === 'number' ? p : String(p);
}

/** Put a record back at its place so describePath can find its key values. */
function wrapRaw(prefix: PropertyKey[], raw: unknown): unknown {
  // prefix = [listKey, index]
  const [list, idx] = prefix;
  const arr: unknown[] = [];
  arr[idx as number] = raw;
  return { [list as string]: arr };
}

export function issueText(i: Issue): string {
  return `${i.where} ${i.message}`;
}
