/**
 * Order totals, and the order history Pyramid already has when the shop connects: a few orders per
 * customer over the last eighteen months, with deliveries and invoices, for Orderhistorik.
 */
import { Random } from './random';
import { lineAmount, percentOf } from './money';
import { makeDelivery } from './shipping';
import type { PriceIndex } from './pricing';
import type { CustomerRecord, OrderRow, OrderStatusName, SimData, SimOrder } from './types';

export interface Totals {
  exclVat: number;
  vat: number;
  inclVat: number;
}

function part(amount: number, vatBp: number, inclusive: boolean): Totals {
  if (inclusive) {
    const excl = Math.round((amount * 10000) / (10000 + vatBp));
    return { exclVat: excl, vat: amount - excl, inclVat: amount };
  }
  const vat = percentOf(amount, vatBp);
  return { exclVat: amount, vat, inclVat: amount + vat };
}

/** Totals as Pyramid computes them: row by row, rounded per row, then freight and fee. */
export function orderTotals(o: Pick<SimOrder, 'rows' | 'pricesIncludeVat' | 'freight' | 'freightVatBp' | 'invoiceFee'>): Totals {
  const t: Totals = { exclVat: 0, vat: 0, inclVat: 0 };
  const add = (x: Totals) => {
    t.exclVat += x.exclVat;
    t.vat += x.vat;
    t.inclVat += x.inclVat;
  };
  for (const r of o.rows) add(part(lineAmount(r.quantity, r.unitPrice, r.discountBp), r.vatBp, o.pricesIncludeVat));
  if (o.freight) add(part(o.freight, o.freightVatBp, o.pricesIncludeVat));
  if (o.invoiceFee) add(part(o.invoiceFee, 2500, o.pricesIncludeVat));
  return t;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);
}

export function generateHistory(seed: string | number, data: SimData, prices: PriceIndex, today: string): void {
  const rng = new Random(seed, 'history');
  const tracking = new Random(seed, 'history-tracking');
  const sellable = [...data.articles.values()].filter((a) => a.webActive && data.articleKinds.get(a.articleCode) !== 'parent');
  const drafts: { customer: CustomerRecord; date: string; contactId?: string }[] = [];
  for (const c of data.customers.values()) {
    if (c.customerNumber === '10500') continue;
    const demo = ['10001', '10002', '10003'].includes(c.customerNumber);
    const n = demo ? 8 : c.privatePerson ? rng.weighted([[0, 5], [1, 3], [2, 2]] as const) : rng.weighted([[0, 3], [1, 3], [2, 3], [3, 2], [4, 2], [6, 1]] as const);
    const contacts = [...data.contacts.values()].filter((k) => k.customerNumber === c.customerNumber);
    for (let i = 0; i < n; i++) {
      const age = demo && i < 3 ? [1, 5, 20][i] : rng.int(0, 540);
      drafts.push({ customer: c, date: addDays(today, -age), contactId: contacts.length && rng.chance(0.8) ? rng.pick(contacts).contactId : undefined });
    }
  }
  drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const d of drafts) {
    const orderNumber = String(data.next.order++);
    const c = d.customer;
    const rows: OrderRow[] = [];
    const nRows = rng.weighted([[1, 3], [2, 3], [3, 2], [4, 1], [6, 1]] as const);
    for (const a of rng.sample(sellable, nRows)) {
      const quantity = a.unit === 'm' ? rng.int(5, 50) : a.unit === 'frp' || a.unit === 'ask' ? rng.int(1, 12) : rng.int(1, 4);
      const q = prices.quote(c, a.articleCode, quantity, c.currency, d.date);
      if (!q) continue;
      rows.push({
        rowNumber: rows.length + 1,
        articleCode: a.articleCode,
        description: a.description,
        quantity,
        unitPrice: q.netPrice,
        discountBp: 0,
        vatBp: q.vatPercent * 100,
        deliveredQuantity: 0,
      });
    }
    if (!rows.length) continue;
    const age = daysBetween(d.date, today);
    let status: OrderStatusName = age > 10 ? 'fakturerad' : age > 3 ? 'levererad' : age > 1 ? 'plockas' : 'registrerad';
    if (age > 10 && rng.chance(0.04)) status = 'makulerad';
    const includesVat = c.priceList === 'KONS';
    const o: SimOrder = {
      orderNumber,
      externalOrderNumber: rng.chance(0.5) ? `WEB-${String(200000 + Number(orderNumber) % 100000)}` : undefined,
      customerNumber: c.customerNumber,
      contactId: d.contactId,
      orderDate: d.date,
      status,
      currency: c.currency,
      pricesIncludeVat: includesVat,
      deliveryMethod: c.deliveryMethod,
      rows,
      freight: c.privatePerson ? (includesVat ? 7900 : 6320) : rng.chance(0.5) ? 0 : 19500,
      freightVatBp: 2500,
      invoiceFee: c.paymentTerms === 'KLARNA' ? (includesVat ? 2900 : 2320) : 0,
      deliveries: [],
      invoices: [],
      source: 'history',
      history: [{ status: 'registrerad', at: `${d.date}T08:00:00` }],
      warnings: [],
      warehouse: 'HUV',
    };
    if (!o.externalOrderNumber) delete o.externalOrderNumber;
    if (!o.contactId) delete o.contactId;
    if (status === 'levererad' || status === 'fakturerad') {
      const shipped = addDays(d.date, Math.min(age, rng.int(1, 3)));
      o.deliveries.push(makeDelivery(tracking, o.deliveryMethod, orderNumber, shipped));
      for (const r of o.rows) r.deliveredQuantity = r.quantity;
      if (status === 'fakturerad') {
        const days = data.baseData.paymentTerms.find((t) => t.code === c.paymentTerms)?.days ?? 30;
        const dueDate = addDays(shipped, days);
        o.invoices.push({
          invoiceNumber: String(data.next.invoice++),
          date: shipped,
          dueDate,
          amount: orderTotals(o).inclVat,
          paid: daysBetween(dueDate, today) > 3 ? rng.chance(0.97) : rng.chance(0.4),
        });
      }
    }
    data.orders.set(orderNumber, o);
  }
}
