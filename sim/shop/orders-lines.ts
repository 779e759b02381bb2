/**
 * An order's lines: line items priced from the products with VAT split per line to the öre,
 * shipping and fee lines, and the order's totals recalculated from them.
 */
import { RestError } from './http';
import {
  formatDecimal,
  splitVat,
  taxClassFor,
  toOre,
  TAX_CLASSES,
} from './money';
import { priceOf, variationName } from './catalog';
import {
  type FeeLine,
  type ItemMeta,
  type LineItem,
  type OrderRecord,
  type ShippingLine,
  type ShopState,
  sanitizeTitle,
} from './state';
import { MetaInput, LineItemInput, ShippingLineInput, FeeLineInput } from './orders-schema';

// ---------------------------------------------------------------------------------------------
// Items

export function itemMeta(state: ShopState, entries: readonly MetaInput[] | undefined, into: ItemMeta[]): void {
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
export function productIdOfLine(state: ShopState, li: LineItemInput, creating: boolean): number {
  if (li.sku) return state.findBySku(li.sku)?.id ?? 0;
  if (li.product_id && !li.variation_id) return li.product_id;
  if (li.variation_id) return li.variation_id;
  if (!creating) return 0;
  throw new RestError('woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', 400);
}

export function setLineTotals(item: LineItem, li: LineItemInput, grossOrNet: number, includesVat: boolean): void {
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

export function buildLineItem(state: ShopState, order: OrderRecord, li: LineItemInput, existing?: LineItem): LineItem {
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
export function shippingRate(order: OrderRecord): { percent: number; rateId: number } {
  const taxed = order.lineItems.filter((li) => li.rateId > 0);
  if (taxed.length === 0 || taxed.some((li) => li.taxClass === '')) return TAX_CLASSES[''];
  return taxClassFor(taxed[0].taxClass);
}

/**
 * Applies an order's line inputs as WooCommerce does: an input with an id edits that line (an id the
 * order does not have is refused), or removes it when `removes` holds; one without an id adds a line.
 * `build` fills in a line, the existing one or (given none) a new one. Returns the order's new lines.
 */
export function updateLines<L extends { id: number }, I extends { id?: number }>(
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

export function buildShippingLine(state: ShopState, sl: ShippingLineInput, existing: ShippingLine | undefined): ShippingLine {
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

export function buildFeeLine(state: ShopState, fl: FeeLineInput, existing: FeeLine | undefined): FeeLine {
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

export function invalidItem(): RestError {
  return new RestError('woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.', 400);
}

/** WooCommerce's calculate_totals: shipping VAT follows the items; tax lines get stable item ids. */
export function recalculate(state: ShopState, order: OrderRecord): void {
  const rate = shippingRate(order);
  for (const sl of order.shippingLines) sl.totalTax = splitVat(sl.total, rate.percent, false).tax;
  for (const fl of order.feeLines) fl.totalTax = splitVat(fl.total, fl.ratePercent, false).tax;
  for (const rateId of usedRateIds(order)) {
    if (!order.taxLineIds[rateId]) order.taxLineIds[rateId] = state.nextId('item');
  }
}

export function usedRateIds(order: OrderRecord): number[] {
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
