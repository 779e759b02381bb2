/** The catalogue: every message type, in the domain sheet's order. */
import type { BodyDef, MessageDescriptor, Part } from './types';
import { bodySchemas, type BodySchemas } from './schema';
import { baseData } from './catalogue/base-data';
import { article } from './catalogue/article';
import { kitArticle } from './catalogue/kit-article';
import { order } from './catalogue/order';
import { quote } from './catalogue/quote';
import { orderStatus } from './catalogue/order-status';
import { orderHistory } from './catalogue/order-history';
import { customer } from './catalogue/customer';
import { contact } from './catalogue/contact';
import { login } from './catalogue/login';
import { stock } from './catalogue/stock';
import { customerPrice } from './catalogue/customer-price';
import { priceList } from './catalogue/price-list';
import { images } from './catalogue/images';

export const catalogue: readonly MessageDescriptor[] = Object.freeze([
  baseData,
  article,
  kitArticle,
  order,
  quote,
  orderStatus,
  orderHistory,
  customer,
  contact,
  login,
  stock,
  customerPrice,
  priceList,
  images,
]);

const byType = new Map(catalogue.map((d) => [d.type, d]));

export const MESSAGE_TYPES: readonly string[] = catalogue.map((d) => d.type);

export function getDescriptor(type: string): MessageDescriptor {
  const d = byType.get(type);
  if (!d) throw new Error(`unknown message type "${type}" (known: ${MESSAGE_TYPES.join(', ')})`);
  return d;
}

/** The parts a type has: its file and/or its WS request and response. */
export function partsOf(d: MessageDescriptor): Part[] {
  const p: Part[] = [];
  if (d.file) p.push('file');
  if (d.ws) p.push('request', 'response');
  return p;
}

export function defaultPart(d: MessageDescriptor): Part {
  return d.file ? 'file' : 'request';
}

export function bodyOf(d: MessageDescriptor, part?: Part): BodyDef {
  const p = part ?? defaultPart(d);
  const b = p === 'file' ? d.file : p === 'request' ? d.ws?.request : d.ws?.response;
  if (!b) throw new Error(`message type "${d.type}" has no ${p} part (it has: ${partsOf(d).join(', ')})`);
  return b;
}

const schemaCache = new Map<BodyDef, BodySchemas>();

export function schemasOf(body: BodyDef): BodySchemas {
  let s = schemaCache.get(body);
  if (!s) {
    s = bodySchemas(body);
    schemaCache.set(body, s);
  }
  return s;
}

/** Which type and part a root element belongs to (Artikeldata -> article/file, InloggningResponse -> login/response). */
export function findByRoot(root: string): { descriptor: MessageDescriptor; part: Part } | undefined {
  for (const d of catalogue) {
    if (d.file?.root === root) return { descriptor: d, part: 'file' };
    if (d.ws?.request.root === root) return { descriptor: d, part: 'request' };
    if (d.ws?.response.root === root) return { descriptor: d, part: 'response' };
  }
  return undefined;
}

/** Which type travels over a WS operation. */
export function findByOperation(operation: string): MessageDescriptor | undefined {
  return catalogue.find((d) => d.ws?.operation === operation);
}

/**
 * The message type a file name announces: `Artikeldata_20261128T101500000_0001.xml` -> article,
 * `Order_WC-10042.xml` -> order. The prefix before the first "_" (or ".") is the root element name,
 * compared without regard to case.
 */
export function detectTypeFromFileName(fileName: string): string | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  const m = /^([A-Za-z]+)(?:[_.-]|$)/.exec(base);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  return catalogue.find((d) => d.file?.root.toLowerCase() === prefix)?.type;
}
