/**
 * The REST views of orders and order notes (WooCommerce's JSON shapes: lines, taxes, totals,
 * addresses, meta and links).
 */
import { dateFields } from './dates';
import { oreToDecimal, TAX_CLASSES } from './money';
import { imagesOf } from './catalog';
import { type ItemMeta, type OrderNote, type OrderRecord, type ShopState } from './state';
import { shippingRate, usedRateIds, orderTotals } from './orders-lines';

// ---------------------------------------------------------------------------------------------
// Views

export function itemMetaView(meta: readonly ItemMeta[]): Record<string, unknown>[] {
  return meta.map((m) => ({ id: m.id, key: m.key, value: m.value, display_key: m.displayKey, display_value: m.displayValue }));
}

export function taxesView(rateId: number, total: number, subtotal: number | ''): { id: number; total: string; subtotal: string }[] {
  return rateId ? [{ id: rateId, total: oreToDecimal(total), subtotal: subtotal === '' ? '' : oreToDecimal(subtotal) }] : [];
}

export function rateById(rateId: number): { code: string; label: string; percent: number } {
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
