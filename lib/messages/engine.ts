/**
 * The one implementation behind all message types: from a BodyDef (data) it derives
 * - the zod schema of the JSON model (what build accepts, what parse returns),
 * - reading an XML element tree into the raw model (strings, plus `extra` for unknown elements),
 * - writing a model back to an element tree,
 * - error texts in Pyramid's words (`Artikel[42] (artikelkod 00123): grundpris ...`).
 */
import { z } from 'zod';
import type { XmlElement } from '../xml/reader';
import type { OutElement } from '../xml/writer';
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

const extraSchema = z.record(z.string(), z.any()).optional();

function valueSchema(f: { kind: ValueField['kind']; required?: boolean; values?: readonly string[] }): z.ZodType {
  const keepEmpty = f.kind === 'text';
  return z.any().transform((input, ctx) => {
    if (input === undefined || input === null || (input === '' && (!keepEmpty || f.required))) {
      if (f.required) {
        ctx.addIssue({ code: 'custom', message: 'is required' });
        return z.NEVER;
      }
      return undefined;
    }
    const r = coerce(f.kind, input, f.values);
    if ('message' in r) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });
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

export function toExtra(el: XmlElement): string | ExtraElement {
  const attrNames = Object.keys(el.attrs);
  if (!attrNames.length && !el.children.length) return el.text;
  const o: ExtraElement = {};
  for (const a of attrNames) o['@' + a] = el.attrs[a];
  if (el.text.trim() !== '' || !el.children.length) o['#text'] = el.text;
  for (const c of el.children) addExtra(o, c.name, toExtra(c));
  return o;
}

function addExtra(o: ExtraElement, name: string, v: string | ExtraElement): void {
  const prev = o[name];
  if (prev === undefined) o[name] = v;
  else if (Array.isArray(prev)) prev.push(v);
  else o[name] = [prev, v];
}

/** Read the fields of a record element into a raw object; unknown elements go to `extra`. */
export function readRecord(fields: readonly Field[], el: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const usedEls = new Set<string>();
  const usedAttrs = new Set<string>();
  const wrapperExtras: [string, ExtraElement][] = [];
  // first occurrence of each child element
  const first = new Map<string, XmlElement>();
  for (const c of el.children) if (!first.has(c.name)) first.set(c.name, c);

  for (const f of fields) {
    if (f.kind === 'group') {
      usedEls.add(f.xml);
      const c = first.get(f.xml);
      if (c) out[f.key] = readRecord(f.fields, c);
      continue;
    }
    if (f.kind === 'list') {
      let items: XmlElement[];
      if (f.xml === '') {
        usedEls.add(f.item);
        items = el.children.filter((c) => c.name === f.item);
      } else {
        usedEls.add(f.xml);
        const w = first.get(f.xml);
        if (!w) continue;
        items = [];
        let strangers: ExtraElement | undefined;
        for (const c of w.children) {
          if (c.name === f.item) items.push(c);
          else addExtra((strangers ??= {}), c.name, toExtra(c));
        }
        // unknown elements inside a list wrapper are kept too, under extra.<Wrapper>
        if (strangers) wrapperExtras.push([f.xml, strangers]);
      }
      out[f.key] = items.map((it) => (f.fields ? readRecord(f.fields, it) : it.text));
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
  }
  for (const c of el.children) {
    if (usedEls.has(c.name) && first.get(c.name) === c) continue;
    if (usedEls.has(c.name) && fields.some((f) => f.kind === 'list' && f.xml === '' && f.item === c.name)) continue;
    addExtra((extra ??= {}), c.name, toExtra(c));
  }
  for (const [name, v] of wrapperExtras) addExtra((extra ??= {}), name, v);
  if (extra) out[EXTRA_KEY] = extra;
  return out;
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
      if (v !== undefined && v !== null && v !== '') parts.push(`${pyramidName(f.xml)} ${String(v)}`);
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
      if (v !== undefined && v !== null && v !== '') out[f.key] = String(v);
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
