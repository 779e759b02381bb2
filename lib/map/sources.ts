/**
 * What the mapping dialog and the engine know about a source: a Pyramid message document from
 * the catalogue ("article", "login.request", "login.response"), a WooCommerce resource
 * ("woocommerce-order", "-customer", "-product") or "any". Its fields (Swedish XML name, English key,
 * meaning), the fields naming a record in errors, and a sample for the preview.
 */
import { bodyOf, catalogue, fieldRows, getDescriptor, partsOf, recordLists, type Field, type Part } from '../messages';
import { PYRAMID_SAMPLES } from './samples';
import { WOO_FIELDS, WOO_SAMPLES } from './woocommerce';

export interface SourceField {
  /** JSON path in the model (`articles[].articleCode`). */
  key: string;
  /** Pyramid's XML name (`Artikel/Artikelkod`), for Pyramid messages. */
  xml?: string;
  type?: string;
  doc: string;
  isKey?: boolean;
}

export interface SourceInfo {
  id: string;
  label: string;
  /** `pyramid` or `woocommerce` or `any`. */
  side: 'pyramid' | 'woocommerce' | 'any';
  /** For Pyramid sources: the record lists (`articles`), whose items a list mapping takes one by one. */
  lists: string[];
}

const WOO = ['order', 'customer', 'product'] as const;

function parseId(id: string): { type: string; part: Part } | undefined {
  const [type, part] = id.split('.');
  const d = catalogue.find((x) => x.type === type);
  if (!d) return undefined;
  const parts = partsOf(d);
  const p = (part ?? (d.file ? 'file' : 'request')) as Part;
  return parts.includes(p) ? { type, part: p } : undefined;
}

/** Every source the dialog offers. */
export function sourceList(): SourceInfo[] {
  const out: SourceInfo[] = [{ id: 'any', label: 'any (no catalogue)', side: 'any', lists: [] }];
  for (const d of catalogue) {
    for (const part of partsOf(d)) {
      const id = part === 'file' ? d.type : `${d.type}.${part}`;
      const label = part === 'file' ? `${d.name} (${d.title})` : `${d.name} ${part === 'request' ? 'request' : 'response'} (${d.ws?.operation})`;
      out.push({ id, label, side: 'pyramid', lists: recordLists(bodyOf(d, part)).map((l) => l.key) });
    }
  }
  for (const w of WOO) out.push({ id: `woocommerce-${w}`, label: `WooCommerce ${w}`, side: 'woocommerce', lists: w === 'order' ? ['line_items'] : [] });
  return out;
}

/** The fields of a source, for the dialog's field list. */
export function sourceFields(id: string): SourceField[] {
  const woo = /^woocommerce-(order|customer|product)$/.exec(id);
  if (woo) return WOO_FIELDS[woo[1] as (typeof WOO)[number]].map((f) => ({ key: f.key, doc: f.doc }));
  const p = parseId(id);
  if (!p) return [];
  return fieldRows(bodyOf(getDescriptor(p.type), p.part))
    .filter((r) => r.json !== 'extra')
    .map((r) => ({ key: r.json, xml: r.xml, type: r.type, doc: r.doc, isKey: r.key || undefined }));
}

function keysIn(fields: readonly Field[]): string[] {
  return fields.filter((f) => f.kind !== 'group' && f.kind !== 'list' && f.isKey).map((f) => f.key);
}

/**
 * The fields that name a record in errors. For a Pyramid message: the key fields of the list the
 * mapping takes (`articles` -> articleCode), else of the document itself; for the shop: sku, id, email.
 */
export function keyFieldsOf(id: string | undefined, listSource?: string): string[] {
  const generic = ['articleCode', 'sku', 'id', 'externalOrderNumber', 'customerNumber', 'email'];
  if (!id || id === 'any') return generic;
  if (id.startsWith('woocommerce-')) return id === 'woocommerce-product' ? ['sku', 'id'] : ['id', 'sku', 'email'];
  const p = parseId(id);
  if (!p) return generic;
  const body = bodyOf(getDescriptor(p.type), p.part);
  const name = (listSource ?? '').trim().replace(/\[.*$/s, '');
  const lists = recordLists(body);
  const list = lists.find((l) => l.key === name);
  if (list?.fields) {
    const k = keysIn(list.fields);
    if (k.length) return k;
  }
  const top = keysIn(body.fields);
  if (top.length) return top;
  const all = [...new Set(lists.flatMap((l) => keysIn(l.fields ?? [])))];
  return all.length ? all : generic;
}

/** A sample input for the preview: the catalogue fixture's model or the shop's sample (a deep copy). */
export function sampleOf(id: string): unknown {
  const woo = /^woocommerce-(order|customer|product)$/.exec(id);
  const s = woo ? WOO_SAMPLES[woo[1] as (typeof WOO)[number]] : id === 'woocommerce-quote' ? WOO_SAMPLES.quote : PYRAMID_SAMPLES[id.endsWith('.file') ? id.slice(0, -5) : id];
  return s === undefined ? undefined : JSON.parse(JSON.stringify(s));
}
