/**
 * Orders and order notes. An order is created by the shop's own checkout or over REST through the
 * same function; prices come from the products, VAT is split per line to the öre, and stock is taken
 * when the order reaches processing/completed/on-hold and given back on cancelled/pending, with the
 * system notes WooCommerce writes for both.
 */
import { dateFields } from './dates';
import { RestError } from './http';
import { formatDecimal, oreToDecimal, splitVat, taxClassFor, toOre, TAX_CLASSES } from './money';
import { adjustStock, imagesOf, priceOf, stockOf, variationName } from './catalog';
import { addressSchema, billingSchema } from './customers';
import {
  type Address,
  type BillingAddress,
  type FeeLine,
  type ItemMeta,
  type LineItem,
  type OrderNote,
  type OrderRecord,
  type OrderStatus,
  type ShippingLine,
  type ShopState,
  type TaxStatus,
  emptyAddress,
  emptyBilling,
  type DateRange,
  type IdFilter,
  type ListOrder,
  foldForSearch,
  inDateRange,
  matchesIds,
  sanitizeTitle,
  trashPost,
} from './state';
import { type Schema, s } from './validate';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'trash',
  'checkout-draft',
];

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  trash: 'Trash',
  'checkout-draft': 'Draft',
};

const TAKES_STOCK: readonly OrderStatus[] = ['processing', 'completed', 'on-hold'];
const RETURNS_STOCK: readonly OrderStatus[] = ['cancelled', 'pending'];
const PAYABLE: readonly OrderStatus[] = ['pending', 'on-hold', 'failed', 'cancelled'];

const metaSchema = s.array(s.object({ id: s.int(), key: s.string(), value: s.any() }));

export const orderProperties: Record<string, Schema> = {
  parent_id: s.int(),
  status: s.string(ORDER_STATUSES),
  currency: s.string(),
  customer_id: s.int(),
  customer_note: s.string(),
  billing: billingSchema,
  shipping: addressSchema,
  payment_method: s.string(),
  payment_method_title: s.string(),
  transaction_id: s.string(),
  meta_data: metaSchema,
  line_items: s.array(
    s.object({
      id: s.int(),
      name: s.string(),
      product_id: s.int(),
      variation_id: s.int(),
      quantity: s.int(),
      sku: s.string(),
      tax_class: s.string(),
      subtotal: s.string(),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  shipping_lines: s.array(
    s.object({
      id: s.int(),
      method_id: s.nullableString(),
      method_title: s.string(),
      instance_id: s.string(),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  fee_lines: s.array(
    s.object({
      id: s.int(),
      name: s.nullableString(),
      tax_class: s.string(),
      tax_status: s.string(['taxable', 'none']),
      total: s.string(),
      meta_data: metaSchema,
    }),
  ),
  coupon_lines: s.array(s.object({ id: s.int(), code: s.string() })),
  set_paid: s.bool(),
};

export const noteProperties: Record<string, Schema> = {
  note: s.string(),
  customer_note: s.bool(),
  added_by_user: s.bool(),
};

type MetaInput = { id?: number; key?: string; value?: unknown };

interface LineItemInput {
  id?: number;
  name?: string;
  product_id?: number;
  variation_id?: number;
  quantity?: number;
  sku?: string;
  tax_class?: string;
  subtotal?: string;
  total?: string;
  meta_data?: MetaInput[];
}

interface ShippingLineInput {
  id?: number;
  method_id?: string | null;
  method_title?: string;
  instance_id?: string;
  total?: string;
  meta_data?: MetaInput[];
}

interface FeeLineInput {
  id?: number;
  name?: string | null;
  tax_class?: string;
  tax_status?: TaxStatus;
  total?: string;
  meta_data?: MetaInput[];
}

export interface OrderInput {
  parent_id?: number;
  status?: OrderStatus;
  currency?: string;
  customer_id?: number;
  customer_note?: string;
  billing?: Partial<BillingAddress>;
  shipping?: Partial<Address>;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  meta_data?: MetaInput[];
  line_items?: LineItemInput[];
  shipping_lines?: ShippingLineInput[];
  fee_lines?: FeeLineInput[];
  coupon_lines?: { id?: number; code?: string }[];
  set_paid?: boolean;
}

export interface NoteInput {
  note?: string;
  customer_note?: boolean;
  added_by_user?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Items

function itemMeta(state: ShopState, entries: readonly MetaInput[] | undefined, into: ItemMeta[]): void {
  for (const e of entries ?? []) {
    if (!e.key) continue;
    const existing = (e.id ? into.find((m) => m.id === e.id) : undefined) ?? into.find((m) => m.key === e.key);
    const text = typeof e.value === 'string' ? e.value : JSON.stringify(e.value ?? '');
    if (existing) {
      existing.value = e.value ?? '';
      existing.displayValue = text;
    } else {
      into.push({ id: state.nextId('meta'), key: e.key, value: e.value ?? '', displayKey: e.key, displayValue: text });
    }
  }
}

/** WooCommerce's get_product_id_from_line_item: SKU first, then variation or product id. */
function productIdOfLine(state: ShopState, li: LineItemInput, creating: boolean): number {
  if (li.sku) return state.findBySku(li.sku)?.id ?? 0;
  if (li.product_id && !li.variation_id) return li.product_id;
  if (li.variation_id) return li.variation_id;
  if (!creating) return 0;
  throw new RestError('woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', 400);
}

function setLineTotals(item: LineItem, li: LineItemInput, grossOrNet: number, includesVat: boolean): void {
  const fromPrice = splitVat(grossOrNet, item.ratePercent, includesVat);
  const total = li.total !== undefined ? toOre(formatDecimal(li.total)) : undefined;
  const subtotal = li.subtotal !== undefined ? toOre(formatDecimal(li.subtotal)) : undefined;
  item.total = total ?? fromPrice.net;
  item.subtotal = subtotal ?? total ?? fromPrice.net;
  item.totalTax = total !== undefined ? splitVat(item.total, item.ratePercent, false).tax : fromPrice.tax;
  item.subtotalTax = subtotal !== undefined || total !== undefined
    ? splitVat(item.subtotal, item.ratePercent, false).tax
    : fromPrice.tax;
}

function buildLineItem(state: ShopState, order: OrderRecord, li: LineItemInput, existing?: LineItem): LineItem {
  const creating = existing === undefined;
  const item: LineItem = existing ?? {
    id: state.nextId('item'),
    name: '',
    productId: 0,
    variationId: 0,
    quantity: 1,
    taxClass: '',
    ratePercent: 0,
    rateId: 0,
    subtotal: 0,
    subtotalTax: 0,
    total: 0,
    totalTax: 0,
    sku: '',
    parentName: null,
    meta: [],
  };
  const refId = productIdOfLine(state, li, creating);
  // An id that matches no product still gives a line (without a product), as in WooCommerce.
  const product = refId ? state.products.get(refId) : undefined;
  const productChanged = product !== undefined && product.id !== (item.variationId || item.productId);
  if (product && (creating || productChanged)) {
    const parent = product.kind === 'variation' ? state.products.get(product.parentId) : undefined;
    item.productId = parent ? parent.id : product.id;
    item.variationId = parent ? product.id : 0;
    item.name = parent ? variationName(state, product) : product.name;
    item.sku = product.sku || parent?.sku || '';
    item.parentName = parent ? parent.name : null;
    item.taxClass = product.taxClass === 'parent' ? (parent?.taxClass ?? '') : product.taxClass;
    const taxable = (parent ?? product).taxStatus === 'taxable';
    const rate = taxClassFor(item.taxClass);
    item.ratePercent = taxable ? rate.percent : 0;
    item.rateId = taxable && rate.percent > 0 ? rate.rateId : 0;
    item.meta = item.meta.filter((m) => !m.displayKey || m.displayKey === m.key);
    if (parent) {
      for (const a of product.variationAttributes) {
        const attrName = parent.attributes.find((pa) => sanitizeTitle(pa.name) === a.slug)?.name ?? a.slug;
        item.meta.push({
          id: state.nextId('meta'),
          key: a.slug,
          value: a.option,
          displayKey: attrName,
          displayValue: a.option,
        });
      }
    }
  }
  if (li.name !== undefined) item.name = li.name;
  if (li.tax_class !== undefined) {
    const rate = taxClassFor(li.tax_class);
    item.taxClass = li.tax_class === 'standard' ? '' : li.tax_class in TAX_CLASSES ? li.tax_class : '';
    item.ratePercent = rate.percent;
    item.rateId = rate.percent > 0 ? rate.rateId : 0;
  }
  if (li.quantity !== undefined) item.quantity = li.quantity;
  if (creating || li.quantity !== undefined || li.total !== undefined || li.subtotal !== undefined || productChanged) {
    const current = product ?? state.products.get(item.variationId || item.productId);
    const unit = current ? (toOre(priceOf(state, current)) ?? 0) : 0;
    setLineTotals(item, li, unit * item.quantity, order.pricesIncludeTax);
  }
  itemMeta(state, li.meta_data, item.meta);
  return item;
}

/** Shipping is taxed at the standard rate unless every taxed item has a lower one (cart-based class). */
function shippingRate(order: OrderRecord): { percent: number; rateId: number } {
  const taxed = order.lineItems.filter((li) => li.rateId > 0);
  if (taxed.length === 0 || taxed.some((li) => li.taxClass === '')) return TAX_CLASSES[''];
  return taxClassFor(taxed[0].taxClass);
}

/**
 * Applies an order's line inputs as WooCommerce does: an input with an id edits that line (an id the
 * order does not have is refused), or removes it when `removes` holds; one without an id adds a line.
 * `build` fills in a line, the existing one or (given none) a new one. Returns the order's new lines.
 */
function updateLines<L extends { id: number }, I extends { id?: number }>(
  lines: L[],
  inputs: readonly I[],
  removes: (input: I) => boolean,
  build: (input: I, existing: L | undefined) => L,
): L[] {
  let out = lines;
  for (const input of inputs) {
    const existing = input.id ? out.find((x) => x.id === input.id) : undefined;
    if (input.id && !existing) throw invalidItem();
    if (existing && removes(input)) {
      out = out.filter((x) => x !== existing);
      continue;
    }
    const line = build(input, existing);
    if (!existing) out.push(line);
  }
  return out;
}

function buildShippingLine(state: ShopState, sl: ShippingLineInput, existing: ShippingLine | undefined): ShippingLine {
  const line: ShippingLine = existing ?? {
    id: state.nextId('item'),
    methodTitle: '',
    methodId: '',
    instanceId: '',
    total: 0,
    totalTax: 0,
    meta: [],
  };
  if (sl.method_id !== undefined && sl.method_id !== null) line.methodId = sl.method_id;
  if (sl.method_title !== undefined) line.methodTitle = sl.method_title;
  if (sl.instance_id !== undefined) line.instanceId = sl.instance_id;
  if (sl.total !== undefined) line.total = toOre(formatDecimal(sl.total)) ?? 0;
  itemMeta(state, sl.meta_data, line.meta);
  return line;
}

function buildFeeLine(state: ShopState, fl: FeeLineInput, existing: FeeLine | undefined): FeeLine {
  const line: FeeLine = existing ?? {
    id: state.nextId('item'),
    name: '',
    taxClass: '',
    taxStatus: 'taxable',
    ratePercent: 25,
    rateId: 1,
    total: 0,
    totalTax: 0,
    meta: [],
  };
  if (fl.name !== undefined && fl.name !== null) line.name = fl.name;
  if (fl.tax_class !== undefined) line.taxClass = fl.tax_class === 'standard' ? '' : fl.tax_class;
  if (fl.tax_status !== undefined) line.taxStatus = fl.tax_status;
  if (fl.total !== undefined) line.total = toOre(formatDecimal(fl.total)) ?? 0;
  const rate = taxClassFor(line.taxClass);
  line.ratePercent = line.taxStatus === 'taxable' ? rate.percent : 0;
  line.rateId = line.ratePercent > 0 ? rate.rateId : 0;
  itemMeta(state, fl.meta_data, line.meta);
  return line;
}

function invalidItem(): RestError {
  return new RestError('woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.', 400);
}

/** WooCommerce's calculate_totals: shipping VAT follows the items; tax lines get stable item ids. */
function recalculate(state: ShopState, order: OrderRecord): void {
  const rate = shippingRate(order);
  for (const sl of order.shippingLines) sl.totalTax = splitVat(sl.total, rate.percent, false).tax;
  for (const fl of order.feeLines) fl.totalTax = splitVat(fl.total, fl.ratePercent, false).tax;
  for (const rateId of usedRateIds(order)) {
    if (!order.taxLineIds[rateId]) order.taxLineIds[rateId] = state.nextId('item');
  }
}

function usedRateIds(order: OrderRecord): number[] {
  const ids = new Set<number>();
  for (const li of order.lineItems) if (li.rateId) ids.add(li.rateId);
  for (const fl of order.feeLines) if (fl.rateId) ids.add(fl.rateId);
  if (order.shippingLines.some((sl) => sl.totalTax !== 0)) ids.add(shippingRate(order).rateId);
  return [...ids].sort((a, b) => a - b);
}

export interface OrderTotals {
  cartTax: number;
  shippingTotal: number;
  shippingTax: number;
  feeTotal: number;
  total: number;
  totalTax: number;
}

export function orderTotals(order: OrderRecord): OrderTotals {
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const itemsNet = sum(order.lineItems.map((li) => li.total));
  const itemsTax = sum(order.lineItems.map((li) => li.totalTax));
  const feeTotal = sum(order.feeLines.map((fl) => fl.total));
  const feeTax = sum(order.feeLines.map((fl) => fl.totalTax));
  const shippingTotal = sum(order.shippingLines.map((sl) => sl.total));
  const shippingTax = sum(order.shippingLines.map((sl) => sl.totalTax));
  const cartTax = itemsTax + feeTax;
  return {
    cartTax,
    shippingTotal,
    shippingTax,
    feeTotal,
    total: itemsNet + feeTotal + shippingTotal + cartTax + shippingTax,
    totalTax: cartTax + shippingTax,
  };
}

// ---------------------------------------------------------------------------------------------
// Status, stock and notes

export function addNote(state: ShopState, order: OrderRecord, text: string, customerNote = false, author = 'system'): OrderNote {
  const note: OrderNote = { id: state.nextId('comment'), author, note: text, customerNote, created: Date.now() };
  order.notes.push(note);
  return note;
}

function productLabel(name: string, sku: string): string {
  return sku ? `${name} (${sku})` : name;
}

function takeStock(state: ShopState, order: OrderRecord): void {
  if (!order.salesRecorded) {
    order.salesRecorded = true;
    for (const li of order.lineItems) {
      const p = state.products.get(li.productId);
      if (p) p.totalSales += li.quantity;
    }
  }
  if (order.stockReduced) return;
  order.stockReduced = true;
  const changes: string[] = [];
  for (const li of order.lineItems) {
    const product = state.products.get(li.variationId || li.productId);
    const holder = product ? stockOf(state, product).holder : undefined;
    if (!holder) continue;
    const [before, after] = adjustStock(holder, -li.quantity);
    changes.push(`${productLabel(li.name, li.sku)} ${before}→${after}`);
  }
  if (changes.length > 0) addNote(state, order, `Stock levels reduced: ${changes.join(', ')}`);
}

function returnStock(state: ShopState, order: OrderRecord): void {
  if (!order.stockReduced) return;
  order.stockReduced = false;
  const changes: string[] = [];
  for (const li of order.lineItems) {
    const product = state.products.get(li.variationId || li.productId);
    const holder = product ? stockOf(state, product).holder : undefined;
    if (!holder) continue;
    const [before, after] = adjustStock(holder, li.quantity);
    changes.push(`${productLabel(li.name, li.sku)} ${before}→${after}`);
  }
  if (changes.length > 0) addNote(state, order, `Stock levels increased: ${changes.join(', ')}`);
}

function setStatus(state: ShopState, order: OrderRecord, to: OrderStatus, now: number): void {
  const from = order.status;
  if (from === to) return;
  order.status = to;
  addNote(state, order, `Order status changed from ${STATUS_LABELS[from]} to ${STATUS_LABELS[to]}.`);
  if ((to === 'processing' || to === 'completed') && order.paid === null) order.paid = now;
  if (to === 'completed') order.completed = now;
  if (TAKES_STOCK.includes(to)) takeStock(state, order);
  if (RETURNS_STOCK.includes(to)) returnStock(state, order);
  if (order.paid !== null && order.customerId) {
    const customer = state.customers.get(order.customerId);
    if (customer) customer.isPayingCustomer = true;
  }
}

/** WooCommerce's payment_complete: processing (from a payable status), date paid, transaction id. */
function paymentComplete(state: ShopState, order: OrderRecord, transactionId: string | undefined, now: number): void {
  if (transactionId) order.transactionId = transactionId;
  if (order.paid === null) order.paid = now;
  if (PAYABLE.includes(order.status)) setStatus(state, order, 'processing', now);
  else if (TAKES_STOCK.includes(order.status)) takeStock(state, order);
}

// ---------------------------------------------------------------------------------------------
// Create, update, delete

function applyOrderFields(state: ShopState, order: OrderRecord, input: OrderInput): void {
  if (input.coupon_lines && input.coupon_lines.length > 0) {
    const code = input.coupon_lines[0].code ?? '';
    throw new RestError('woocommerce_rest_invalid_coupon', `Coupon "${code}" does not exist!`, 400);
  }
  if (input.customer_id !== undefined) {
    if (input.customer_id !== 0 && !state.customers.has(input.customer_id)) {
      throw new RestError('woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', 400);
    }
    order.customerId = input.customer_id;
  }
  if (input.parent_id !== undefined) order.parentId = input.parent_id;
  if (input.currency !== undefined) {
    if (!/^[A-Z]{3}$/.test(input.currency)) throw new RestError('order_invalid_currency', 'Invalid currency code', 400);
    order.currency = input.currency;
  }
  if (input.customer_note !== undefined) order.customerNote = input.customer_note;
  if (input.billing) order.billing = { ...order.billing, ...input.billing };
  if (input.shipping) order.shipping = { ...order.shipping, ...input.shipping };
  if (input.payment_method !== undefined) order.paymentMethod = input.payment_method;
  if (input.payment_method_title !== undefined) order.paymentMethodTitle = input.payment_method_title;
  if (input.transaction_id !== undefined) order.transactionId = input.transaction_id;
  if (input.meta_data) state.updateMeta(order.meta, input.meta_data);
  if (input.line_items) {
    order.lineItems = updateLines(order.lineItems, input.line_items, (li) => li.quantity === 0, (li, existing) =>
      buildLineItem(state, order, li, existing),
    );
  }
  if (input.shipping_lines) {
    order.shippingLines = updateLines(order.shippingLines, input.shipping_lines, (sl) => sl.method_id === null, (sl, existing) =>
      buildShippingLine(state, sl, existing),
    );
  }
  if (input.fee_lines) {
    order.feeLines = updateLines(order.feeLines, input.fee_lines, (fl) => fl.name === null, (fl, existing) =>
      buildFeeLine(state, fl, existing),
    );
  }
}

function newOrderKey(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let key = 'wc_order_';
  for (let i = 0; i < 13; i++) key += chars[Math.floor(Math.random() * chars.length)];
  return key;
}

/**
 * Creates an order (POST /orders and the shop's checkout both land here) and fires `order.created`.
 * `createdVia` is WooCommerce's created_via: 'rest-api' or 'checkout'.
 */
export function createOrder(state: ShopState, input: OrderInput, createdVia: string): OrderRecord {
  const now = Date.now();
  const order: OrderRecord = {
    id: 0,
    parentId: 0,
    orderKey: newOrderKey(),
    createdVia,
    status: 'pending',
    currency: state.settings.currency,
    pricesIncludeTax: state.settings.pricesIncludeTax,
    customerId: 0,
    customerNote: '',
    billing: emptyBilling(),
    shipping: emptyAddress(),
    paymentMethod: '',
    paymentMethodTitle: '',
    transactionId: '',
    lineItems: [],
    shippingLines: [],
    feeLines: [],
    meta: [],
    notes: [],
    stockReduced: false,
    salesRecorded: false,
    taxLineIds: {},
    created: now,
    modified: now,
    paid: null,
    completed: null,
  };
  applyOrderFields(state, order, input);
  order.id = state.nextId('post');
  recalculate(state, order);
  if (input.status && input.status !== 'pending') setStatus(state, order, input.status, now);
  if (input.set_paid) paymentComplete(state, order, input.transaction_id, now);
  state.orders.set(order.id, order);
  state.emit('order', 'created', order.id);
  return order;
}

function orderOrThrow(state: ShopState, id: number, status: number): OrderRecord {
  const o = state.orders.get(id);
  if (!o) throw new RestError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', status);
  return o;
}

export function getOrder(state: ShopState, id: number): OrderRecord {
  return orderOrThrow(state, id, 404);
}

/** PUT /orders/<id>: fields, items (quantity 0 removes a line), status transition, set_paid. */
export function updateOrder(state: ShopState, id: number, input: OrderInput): OrderRecord {
  const now = Date.now();
  const existing = orderOrThrow(state, id, 400);
  const order = structuredClone(existing);
  applyOrderFields(state, order, input);
  recalculate(state, order);
  // Stock and notes act on the live products, so the status change runs once validation has passed.
  state.orders.set(id, order);
  if (input.status) setStatus(state, order, input.status, now);
  if (input.set_paid) paymentComplete(state, order, input.transaction_id, now);
  order.modified = now;
  state.emit('order', 'updated', id);
  return order;
}

export function deleteOrder(state: ShopState, id: number, force: boolean): OrderRecord {
  const order = orderOrThrow(state, id, 404);
  if (force) state.orders.delete(id);
  else trashPost(state, 'order', 'order', order);
  return order;
}

function noteOrderOrThrow(state: ShopState, orderId: number): OrderRecord {
  const order = state.orders.get(orderId);
  if (!order) throw new RestError('woocommerce_rest_order_invalid_id', 'Invalid order ID.', 404);
  return order;
}

export function createNote(state: ShopState, orderId: number, input: NoteInput): OrderNote {
  const order = noteOrderOrThrow(state, orderId);
  const text = (input.note ?? '').trim();
  if (!text) {
    throw new RestError('woocommerce_api_cannot_create_order_note', 'Cannot create order note, please try again.', 500);
  }
  return addNote(state, order, text, input.customer_note ?? false, input.added_by_user ? state.settings.apiUserName : 'system');
}

export function listNotes(state: ShopState, orderId: number, type: string): { order: OrderRecord; notes: OrderNote[] } {
  const order = noteOrderOrThrow(state, orderId);
  const notes = order.notes
    .filter((n) => type === 'any' || (type === 'customer' ? n.customerNote : !n.customerNote))
    .sort((a, b) => b.created - a.created || b.id - a.id);
  return { order, notes };
}

export function getNote(state: ShopState, orderId: number, noteId: number): { order: OrderRecord; note: OrderNote } {
  const order = noteOrderOrThrow(state, orderId);
  const note = order.notes.find((n) => n.id === noteId);
  if (!note) throw new RestError('woocommerce_rest_invalid_id', 'Invalid resource ID.', 404);
  return { order, note };
}

export function deleteNote(state: ShopState, orderId: number, noteId: number, force: boolean): { order: OrderRecord; note: OrderNote } {
  // WooCommerce's order notes controller really answers with the webhooks wording here.
  if (!force) throw new RestError('woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.', 501);
  const found = getNote(state, orderId, noteId);
  found.order.notes = found.order.notes.filter((n) => n.id !== noteId);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface OrderQuery extends IdFilter, DateRange, ListOrder {
  statuses: string[];
  customer?: number;
  product?: number;
  search?: string;
  parent?: number[];
}

export function queryOrders(state: ShopState, q: OrderQuery): OrderRecord[] {
  const any = q.statuses.length === 0 || q.statuses.includes('any');
  const needle = q.search ? foldForSearch(q.search.trim()) : '';
  const dir = q.order === 'asc' ? 1 : -1;
  return [...state.orders.values()]
    .filter((o) => (any ? o.status !== 'trash' && o.status !== 'checkout-draft' : q.statuses.includes(o.status)))
    .filter((o) => q.customer === undefined || o.customerId === q.customer)
    .filter((o) => q.product === undefined || o.lineItems.some((li) => li.productId === q.product || li.variationId === q.product))
    .filter((o) => {
      if (!needle) return true;
      const b = o.billing;
      const text = `${o.id} ${b.first_name} ${b.last_name} ${b.company} ${b.email} ${b.phone} ${o.shipping.first_name} ${o.shipping.last_name} ${o.lineItems.map((li) => li.name).join(' ')}`;
      return foldForSearch(text).includes(needle);
    })
    .filter((o) => matchesIds(o.id, q))
    .filter((o) => !q.parent || q.parent.length === 0 || q.parent.includes(o.parentId))
    .filter((o) => inDateRange(o, q))
    .sort((a, b) => {
      const key = (o: OrderRecord): number =>
        q.orderby === 'id' ? o.id : q.orderby === 'modified' ? o.modified : q.orderby === 'include' && q.include ? q.include.indexOf(o.id) : o.created;
      return (key(a) - key(b) || a.id - b.id) * dir;
    });
}

// ---------------------------------------------------------------------------------------------
// Views

function itemMetaView(meta: readonly ItemMeta[]): Record<string, unknown>[] {
  return meta.map((m) => ({ id: m.id, key: m.key, value: m.value, display_key: m.displayKey, display_value: m.displayValue }));
}

function taxesView(rateId: number, total: number, subtotal: number | ''): { id: number; total: string; subtotal: string }[] {
  return rateId ? [{ id: rateId, total: oreToDecimal(total), subtotal: subtotal === '' ? '' : oreToDecimal(subtotal) }] : [];
}

function rateById(rateId: number): { code: string; label: string; percent: number } {
  const entry = Object.values(TAX_CLASSES).find((t) => t.rateId === rateId) ?? TAX_CLASSES[''];
  return { code: `SE-${entry.label.toUpperCase()}-${rateId}`, label: entry.label, percent: entry.percent };
}

export function orderView(state: ShopState, o: OrderRecord): Record<string, unknown> {
  const totals = orderTotals(o);
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  const shippingRateId = o.shippingLines.some((sl) => sl.totalTax !== 0) ? shippingRate(o).rateId : 0;
  const taxLines = usedRateIds(o).map((rateId) => {
    const rate = rateById(rateId);
    const itemTax =
      o.lineItems.filter((li) => li.rateId === rateId).reduce((a, li) => a + li.totalTax, 0) +
      o.feeLines.filter((fl) => fl.rateId === rateId).reduce((a, fl) => a + fl.totalTax, 0);
    const shippingTax = rateId === shippingRateId ? totals.shippingTax : 0;
    return {
      id: o.taxLineIds[rateId] ?? 0,
      rate_code: rate.code,
      rate_id: rateId,
      label: rate.label,
      compound: false,
      tax_total: oreToDecimal(itemTax),
      shipping_tax_total: oreToDecimal(shippingTax),
      rate_percent: rate.percent,
      meta_data: [],
    };
  });
  const links: Record<string, { href: string }[]> = {
    self: [{ href: `${base}/orders/${o.id}` }],
    collection: [{ href: `${base}/orders` }],
  };
  if (o.customerId) links.customer = [{ href: `${base}/customers/${o.customerId}` }];
  return {
    id: o.id,
    parent_id: o.parentId,
    status: o.status,
    currency: o.currency,
    version: '9.4.0',
    prices_include_tax: o.pricesIncludeTax,
    ...dateFields(state, 'date_created', o.created),
    ...dateFields(state, 'date_modified', o.modified),
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: oreToDecimal(totals.shippingTotal),
    shipping_tax: oreToDecimal(totals.shippingTax),
    cart_tax: oreToDecimal(totals.cartTax),
    total: oreToDecimal(totals.total),
    total_tax: oreToDecimal(totals.totalTax),
    customer_id: o.customerId,
    order_key: o.orderKey,
    billing: { ...o.billing },
    shipping: { ...o.shipping },
    payment_method: o.paymentMethod,
    payment_method_title: o.paymentMethodTitle,
    transaction_id: o.transactionId,
    customer_ip_address: '',
    customer_user_agent: '',
    created_via: o.createdVia,
    customer_note: o.customerNote,
    ...dateFields(state, 'date_completed', o.completed),
    ...dateFields(state, 'date_paid', o.paid),
    cart_hash: '',
    number: String(o.id),
    meta_data: o.meta.map((m) => ({ id: m.id, key: m.key, value: m.value })),
    line_items: o.lineItems.map((li) => {
      const product = state.products.get(li.variationId || li.productId);
      const image = product ? imagesOf(state, product)[0] : undefined;
      return {
        id: li.id,
        name: li.name,
        product_id: li.productId,
        variation_id: li.variationId,
        quantity: li.quantity,
        tax_class: li.taxClass,
        subtotal: oreToDecimal(li.subtotal),
        subtotal_tax: oreToDecimal(li.subtotalTax),
        total: oreToDecimal(li.total),
        total_tax: oreToDecimal(li.totalTax),
        taxes: taxesView(li.rateId, li.totalTax, li.subtotalTax),
        meta_data: itemMetaView(li.meta),
        sku: li.sku,
        price: li.quantity ? Math.round((li.total / li.quantity) * 10_000) / 1_000_000 : 0,
        image: { id: image?.id ?? '', src: image?.src ?? '' },
        parent_name: li.parentName,
      };
    }),
    tax_lines: taxLines,
    shipping_lines: o.shippingLines.map((sl) => ({
      id: sl.id,
      method_title: sl.methodTitle,
      method_id: sl.methodId,
      instance_id: sl.instanceId,
      total: oreToDecimal(sl.total),
      total_tax: oreToDecimal(sl.totalTax),
      taxes: taxesView(shippingRateId, sl.totalTax, ''),
      tax_status: 'taxable',
      meta_data: itemMetaView(sl.meta),
    })),
    fee_lines: o.feeLines.map((fl) => ({
      id: fl.id,
      name: fl.name,
      tax_class: fl.taxClass,
      tax_status: fl.taxStatus,
      amount: oreToDecimal(fl.total),
      total: oreToDecimal(fl.total),
      total_tax: oreToDecimal(fl.totalTax),
      taxes: taxesView(fl.rateId, fl.totalTax, fl.totalTax),
      meta_data: itemMetaView(fl.meta),
    })),
    coupon_lines: [],
    refunds: [],
    payment_url: `${state.baseUrl}/checkout/order-pay/${o.id}/?pay_for_order=true&key=${o.orderKey}`,
    is_editable: ['pending', 'on-hold', 'auto-draft'].includes(o.status),
    needs_payment: ['pending', 'failed'].includes(o.status) && totals.total > 0,
    needs_processing: o.lineItems.length > 0,
    currency_symbol: o.currency === 'SEK' ? 'kr' : o.currency,
    _links: links,
  };
}

export function noteView(state: ShopState, order: OrderRecord, n: OrderNote): Record<string, unknown> {
  const base = `${state.baseUrl}/wp-json/wc/v3`;
  return {
    id: n.id,
    author: n.author,
    ...dateFields(state, 'date_created', n.created),
    note: n.note,
    customer_note: n.customerNote,
    _links: {
      self: [{ href: `${base}/orders/${order.id}/notes/${n.id}` }],
      collection: [{ href: `${base}/orders/${order.id}/notes` }],
      up: [{ href: `${base}/orders/${order.id}` }],
    },
  };
}
