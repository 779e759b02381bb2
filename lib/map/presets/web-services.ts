/**
 * The five web services: what the shop's page sends (an HTTP body, or the URL's parameters in
 * $msg.req) -> the request model, and the answer model -> what the shop's page gets (the model's
 * own keys, as the example flow answers today, plus the HTTP status where it says something).
 */
import { row, type Preset } from './types';

function copy(keys: string[], required: string[] = []): ReturnType<typeof row>[] {
  return keys.map((k) => row(k, k, required.includes(k)));
}

export const webServicePresets: Preset[] = [
  {
    id: 'ws-login-request',
    name: 'B2B login: shop → Inloggning request',
    doc: 'The shop posts {username, password}; the password is passed on, never logged (the pyramid-ws node masks it).',
    sourceType: 'any',
    list: false,
    rows: copy(['username', 'password'], ['username', 'password']),
  },
  {
    id: 'ws-login-answer',
    name: 'B2B login: Inloggning answer → shop',
    doc: 'The contact, its customer, price list and permissions; HTTP 200 when approved, else 401.',
    sourceType: 'login.response',
    list: false,
    rows: [...copy(['approved', 'reason', 'contactId', 'customerNumber', 'name', 'companyName', 'priceList', 'permissions']), row('msg.statusCode', 'approved ? 200 : 401')],
  },
  {
    id: 'ws-customer-price-request',
    name: 'Customer prices: shop → KundPris request',
    doc: 'The shop posts {customerNumber, currency, rows: [{articleCode (or sku), quantity}]}.',
    sourceType: 'any',
    list: false,
    rows: [
      row('customerNumber', 'customerNumber', true),
      row('currency', 'currency'),
      row('rows[]', 'rows'),
      row('rows[].articleCode', 'articleCode ? articleCode : sku', true),
      row('rows[].quantity', '$string(quantity ? quantity : 1)'),
    ],
  },
  {
    id: 'ws-customer-price-answer',
    name: 'Customer prices: KundPris answer → shop',
    doc: 'One price per row: list price, discount, net price, currency, VAT and where the price comes from.',
    sourceType: 'customer-price.response',
    list: false,
    rows: [
      row('rows[]', 'rows'),
      ...copy(['articleCode', 'quantity', 'listPrice', 'discountPercent', 'netPrice', 'currency', 'includesVat', 'vatPercent', 'priceSource', 'validUntil']).map((r) => ({
        ...r,
        target: `rows[].${r.target}`,
      })),
    ],
  },
  {
    id: 'ws-order-history-request',
    name: 'Order history: shop → Orderhistorik request',
    doc: 'GET /shop/orders/:customerNumber?page=&perPage=: the customer from the URL, paging from the query.',
    sourceType: 'any',
    list: false,
    rows: [
      row('customerNumber', '$msg.req.params.customerNumber', true),
      row('page', '$number($msg.req.query.page ? $msg.req.query.page : 1)'),
      row('perPage', '$number($msg.req.query.perPage ? $msg.req.query.perPage : 20)'),
    ],
  },
  {
    id: 'ws-order-history-answer',
    name: 'Order history: Orderhistorik answer → shop',
    doc: 'The orders with rows, deliveries (tracking) and invoices, and the total count for paging.',
    sourceType: 'order-history.response',
    list: false,
    rows: copy(['orders', 'totalCount']),
  },
  {
    id: 'ws-contact-request',
    name: 'Contact registration: shop → KontaktRegistrering request',
    doc: 'The shop posts the new contact: customer number, names, e-mail, phone and the wished user name.',
    sourceType: 'any',
    list: false,
    rows: copy(['customerNumber', 'firstName', 'lastName', 'email', 'phone', 'username'], ['customerNumber', 'firstName', 'lastName', 'email']),
  },
  {
    id: 'ws-contact-answer',
    name: 'Contact registration: answer → shop',
    doc: 'The new contact id, status and message; HTTP 201 when registered, else 409.',
    sourceType: 'contact.response',
    list: false,
    rows: [...copy(['contactId', 'status', 'message']), row('msg.statusCode', 'status = "registrerad" ? 201 : 409')],
  },
  {
    id: 'ws-images-request',
    name: 'Images: shop → Bilder request',
    doc: 'GET /shop/images/:articleCode?changedAfter=: the article from the URL.',
    sourceType: 'any',
    list: false,
    rows: [row('articleCode', '$msg.req.params.articleCode', true), row('changedAfter', '$msg.req.query.changedAfter')],
  },
  {
    id: 'ws-images-answer',
    name: 'Images: Bilder answer → shop',
    doc: "The article's images (base64 data or a URL), their order, the main image and an MD5.",
    sourceType: 'images.response',
    list: false,
    rows: copy(['articleCode', 'images']),
  },
];
