/**
 * Orders and order notes. An order is created by the shop's own checkout or over REST through the
 * same function; prices come from the products, VAT is split per line to the öre, and stock is taken
 * when the order reaches processing/completed/on-hold and given back on cancelled/pending, with the
 * system notes WooCommerce writes for both.
 */
import { RestError } from './http';
import { adjustStock, stockOf } from './catalog';
import {
  type OrderNote,
  type OrderRecord,
  type OrderStatus,
  type ShopState,
  emptyAddress,
  emptyBilling,
  type DateRange,
  type IdFilter,
  type ListOrder,
  foldForSearch,
  inDateRange,
  matchesIds,
  trashPost,
} from './state';
import {
  STATUS_LABELS,
  TAKES_STOCK,
  RETURNS_STOCK,
  PAYABLE,
  OrderInput,
  NoteInput,
} from './orders-schema';
import {
  buildLineItem,
  updateLines,
  buildShippingLine,
  buildFeeLine,
  recalculate,
} from './orders-lines';
export { ORDER_STATUSES, STATUS_LABELS, orderProperties, noteProperties, OrderInput, NoteInput } from './orders-schema';
export { OrderTotals, orderTotals } from './orders-lines';
export { orderView, noteView } from './orders-views';

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

