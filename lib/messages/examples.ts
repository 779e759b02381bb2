/**
 * The catalogue's examples: one JSON model per document (file, request, response) of every message
 * type, kept beside the catalogue in catalogue/examples/. The editor's help shows them as XML and
 * JSON; tests check each is valid and reads back the same; nothing shipped reads test/.
 */
import type { Part } from './types';
import { baseDataExample } from './catalogue/examples/base-data';
import { articleExample } from './catalogue/examples/article';
import { kitArticleExample } from './catalogue/examples/kit-article';
import { orderExample } from './catalogue/examples/order';
import { quoteExample } from './catalogue/examples/quote';
import { orderStatusExample } from './catalogue/examples/order-status';
import { orderHistoryExample } from './catalogue/examples/order-history';
import { customerExample } from './catalogue/examples/customer';
import { contactExample } from './catalogue/examples/contact';
import { loginExample } from './catalogue/examples/login';
import { stockExample } from './catalogue/examples/stock';
import { customerPriceExample } from './catalogue/examples/customer-price';
import { priceListExample } from './catalogue/examples/price-list';
import { imagesExample } from './catalogue/examples/images';

/** A message type's examples: the JSON model of each of its documents. */
export type MessageExample = Partial<Record<Part, Readonly<Record<string, unknown>>>>;

const EXAMPLES: Readonly<Record<string, MessageExample>> = {
  'base-data': baseDataExample,
  article: articleExample,
  'kit-article': kitArticleExample,
  order: orderExample,
  quote: quoteExample,
  'order-status': orderStatusExample,
  'order-history': orderHistoryExample,
  customer: customerExample,
  contact: contactExample,
  login: loginExample,
  stock: stockExample,
  'customer-price': customerPriceExample,
  'price-list': priceListExample,
  images: imagesExample,
};

/** The types that have examples (every type of the catalogue: a test holds the two lists together). */
export function exampleTypes(): string[] {
  return Object.keys(EXAMPLES);
}

/**
 * The example model of one document of a message type (a copy: the caller may change it), or
 * undefined when the catalogue has none for it.
 */
export function exampleOf(type: string, part: Part): Record<string, unknown> | undefined {
  const model = Object.prototype.hasOwnProperty.call(EXAMPLES, type) ? EXAMPLES[type][part] : undefined;
  return model ? (structuredClone(model) as Record<string, unknown>) : undefined;
}
