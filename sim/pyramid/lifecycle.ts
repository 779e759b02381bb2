/**
 * The order life cycle: an imported order reserves stock, then moves registrerad -> plockas ->
 * levererad (shipped, with tracking) -> fakturerad (invoiced) on a timer or on request, each step
 * written as an Orderstatus file.
 */
import { fmtQty, fromMinor, roundQty } from './money';
import { addDays, orderTotals } from './history';
import { makeDelivery } from './shipping';
import { stockKey } from './dataset';
import { clean, SimError, type SimCore } from './core';
import type { FileWriter } from './writer';
import type { SimOrder, StockRow, OrderStatusName } from './types';

const NEXT_STATUS: Partial<Record<OrderStatusName, OrderStatusName>> = {
  registrerad: 'plockas',
  plockas: 'levererad',
  levererad: 'fakturerad',
};

export class OrderLifecycle {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly c: SimCore,
    private readonly w: FileWriter,
  ) {}

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Apply `change` to the stock row of every article an order takes (a kit takes its components). */
  eachStockRow(order: SimOrder, change: (row: StockRow, qty: number) => void): StockRow[] {
    const touched: StockRow[] = [];
    const take = (code: string, qty: number) => {
      const row = this.c.data.stock.get(stockKey(code, order.warehouse));
      if (!row) return;
      change(row, qty);
      row.changed = this.c.stamp();
      touched.push(row);
    };
    for (const r of order.rows) {
      const kit = this.c.data.kits.get(r.articleCode);
      if (kit) for (const c of kit.components) take(c.articleCode, r.quantity * Number(c.quantity));
      else take(r.articleCode, r.quantity);
    }
    return touched;
  }

  /** Reserve (+1) or release (-1) an order's stock; kits reserve their components. */
  reserve(order: SimOrder, sign: 1 | -1): StockRow[] {
    return this.eachStockRow(order, (row, qty) => {
      row.reserved = roundQty(Math.max(0, row.reserved + sign * qty));
    });
  }

  /** Ship: stock leaves the warehouse (on hand and reserved both go down). */
  ship(order: SimOrder): StockRow[] {
    const touched = this.eachStockRow(order, (row, qty) => {
      row.onHand = roundQty(Math.max(0, row.onHand - qty));
      row.reserved = roundQty(Math.max(0, row.reserved - qty));
    });
    for (const r of order.rows) r.deliveredQuantity = r.quantity;
    return touched;
  }

  statusText(o: SimOrder): string {
    switch (o.status) {
      case 'registrerad':
        return `Order ${o.orderNumber} är registrerad`;
      case 'plockas':
        return 'Ordern plockas på lagret';
      case 'levererad': {
        const d = o.deliveries[o.deliveries.length - 1];
        return d ? `Ordern har skickats med ${d.carrier}` : 'Ordern är levererad';
      }
      case 'fakturerad':
        return `Faktura ${o.invoices[o.invoices.length - 1]?.invoiceNumber ?? ''} är skickad`.trim();
      default:
        return o.status;
    }
  }

  async writeStatus(o: SimOrder): Promise<string> {
    const time = this.c.stamp();
    const invoice = o.invoices[o.invoices.length - 1];
    const model = clean({
      externalOrderNumber: o.externalOrderNumber,
      pyramidOrderNumber: o.orderNumber,
      status: o.status,
      statusText: this.statusText(o),
      time,
      rows: o.rows.map((r) => ({
        rowNumber: r.rowNumber,
        articleCode: r.articleCode,
        orderedQuantity: fmtQty(r.quantity),
        deliveredQuantity: fmtQty(r.deliveredQuantity),
        backorderQuantity: fmtQty(Math.max(0, r.quantity - r.deliveredQuantity)),
      })),
      deliveries: o.deliveries.length ? o.deliveries.map((d) => clean({ ...d })) : undefined,
      invoiceNumber: invoice?.invoiceNumber,
      invoiceAmount: invoice ? fromMinor(invoice.amount) : undefined,
    });
    const f = await this.w.emitFile('order-status', model, 1);
    o.history.push({ status: o.status, at: time, file: f.name });
    this.c.log('info', `order ${o.orderNumber} (${o.externalOrderNumber}): ${o.status} -> ${f.name}`);
    this.c.events.emit('order-status', { orderNumber: o.orderNumber, externalOrderNumber: o.externalOrderNumber, status: o.status, file: f.name });
    return f.name;
  }

  armStatus(o: SimOrder): void {
    const prev = this.timers.get(o.orderNumber);
    if (prev) clearTimeout(prev);
    this.timers.delete(o.orderNumber);
    if (this.c.closed || !NEXT_STATUS[o.status]) return;
    const t = setTimeout(() => {
      this.timers.delete(o.orderNumber);
      this.advanceOrder(o.orderNumber).catch((e: unknown) => this.c.log('error', `order ${o.orderNumber}: ${e instanceof Error ? e.message : String(e)}`));
    }, this.c.o.statusStepMs);
    this.timers.set(o.orderNumber, t);
  }

  /** Move an imported order to its next status now (and write its Orderstatus file). */
  async advanceOrder(orderNumber: string): Promise<SimOrder> {
    const o = this.c.data.orders.get(orderNumber);
    if (!o) throw new SimError(`order ${orderNumber} does not exist`, 404);
    if (o.source !== 'import') throw new SimError(`order ${orderNumber} is from the order history, not imported from the shop`);
    const next = NEXT_STATUS[o.status];
    if (!next) throw new SimError(`order ${orderNumber} is ${o.status}: it has no next status`, 409);
    const prev = this.timers.get(orderNumber);
    if (prev) clearTimeout(prev);
    this.timers.delete(orderNumber);
    if (this.c.closed) return o;
    o.status = next;
    if (next === 'levererad') {
      o.deliveries.push(makeDelivery(this.c.rng, o.deliveryMethod, o.orderNumber, this.c.today()));
      const rows = this.ship(o);
      if (rows.length) await this.w.stockDelta(rows);
    }
    if (next === 'fakturerad') {
      const customer = this.c.data.customers.get(o.customerNumber);
      const days = this.c.data.baseData.paymentTerms.find((t) => t.code === customer?.paymentTerms)?.days ?? 30;
      o.invoices.push({ invoiceNumber: String(this.c.data.next.invoice++), date: this.c.today(), dueDate: addDays(this.c.today(), days), amount: orderTotals(o).inclVat, paid: days === 0 });
    }
    await this.writeStatus(o);
    this.armStatus(o);
    return o;
  }
}
