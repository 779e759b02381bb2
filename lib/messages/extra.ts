/**
 * A record's unknown content, kept under `extra` so nothing a customer added to a file is lost: the
 * JSON shape of unknown elements, reading them from XML within a budget, checking what a flow hands
 * over (plain data with XML names only), and writing them back.
 */
import { z } from 'zod';
import type { XmlElement } from '../xml/reader';
import { isXmlName, type OutElement } from '../xml/writer';

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

/** The schema of `extra`: plain data only (see plainExtra). */
export const extraSchema = z
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
export function addExtra(o: ExtraElement, name: string, v: string | ExtraElement): void {
  if (!Object.hasOwn(o, name)) {
    o[name] = v;
    return;
  }
  const prev = o[name];
  if (Array.isArray(prev)) prev.push(v);
  else o[name] = [prev, v];
}

/** Write unknown elements back under `into`, repeated ones as repeated elements. */
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
