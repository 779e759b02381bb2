/**
 * Views of the simulator's state for the admin API, the demo and the web services: order summaries,
 * counts, the whole state, and an order in the shape of Orderhistorik.
 */
import { fmtQty, fromMinor } from './money';
import { orderTotals } from './history';
import { clean, type SimCore } from './core';
import type { SimOrder } from './types';

export class StateViews {
  constructor(private readonly c: SimCore) {}

  orderSummary(o: SimOrder): Record<string, unknown> {
    const t = orderTotals(o);
    return clean({
      pyramidOrderNumber: o.orderNumber,
      externalOrderNumber: o.externalOrderNumber,
      customerNumber: o.customerNumber,
      status: o.status,
      orderDate: o.orderDate,
      currency: o.currency,
      totalInclVat: fromMinor(t.inclVat),
      rows: o.rows.length,
      trackingNumber: o.deliveries[0]?.trackingNumber,
      trackingUrl: o.deliveries[0]?.trackingUrl,
      invoiceNumber: o.invoices[0]?.invoiceNumber,
      importedFrom: o.importedFrom,
      importedAt: o.importedAt,
      warnings: o.warnings.length ? o.warnings : undefined,
      history: o.history,
    });
  }

  counts(): Record<string, number> {
    const d = this.c.data;
    const kinds = { simple: 0, parent: 0, variant: 0, kit: 0 };
    for (const code of d.articles.keys()) kinds[d.articleKinds.get(code) ?? 'simple']++;
    let webActive = 0;
    for (const a of d.articles.values()) if (a.webActive) webActive++;
    let imported = 0;
    for (const o of d.orders.values()) if (o.source === 'import') imported++;
    return {
      articles: d.articles.size,
      simpleArticles: kinds.simple,
      variantParents: kinds.parent,
      variants: kinds.variant,
      kitArticles: d.kits.size,
      webActive,
      notWebActive: d.articles.size - webActive,
      warehouses: d.baseData.warehouses.length,
      stockRows: d.stock.size,
      customers: d.customers.size,
      contacts: d.contacts.size,
      webLogins: [...d.contacts.values()].filter((c) => c.webLogin).length,
      priceLists: d.baseData.priceLists.length,
      priceListPrices: d.priceListPrices.length,
      customerPrices: d.customerPrices.length,
      historicOrders: d.orders.size - imported,
      importedOrders: imported,
      quotes: d.quotes.size,
      filesWritten: this.c.filesWritten,
    };
  }

  state(activityOn: boolean): Record<string, unknown> {
    return {
      counts: this.counts(),
      activity: { on: activityOn, intervalMs: this.c.o.activityMs },
      orders: [...this.c.data.orders.values()].filter((o) => o.source === 'import').map((o) => this.orderSummary(o)),
      quotes: [...this.c.data.quotes.values()],
      customerRegistrations: this.c.registrations,
      duplicates: this.c.duplicates,
      importErrors: this.c.importErrors,
      unknownElements: this.c.unknownElements,
      files: this.c.files,
    };
  }

  /** Order rows in the shape of Orderhistorik. */
  historyOrder(o: SimOrder): Record<string, unknown> {
    const t = orderTotals(o);
    return clean({
      orderNumber: o.orderNumber,
      externalOrderNumber: o.externalOrderNumber,
      orderDate: o.orderDate,
      status: o.status,
      total: fromMinor(t.inclVat),
      currency: o.currency,
      rows: o.rows.map((r) => ({
        rowNumber: r.rowNumber,
        articleCode: r.articleCode,
        description: r.description,
        quantity: fmtQty(r.quantity),
        unitPrice: fromMinor(r.unitPrice),
        deliveredQuantity: fmtQty(r.deliveredQuantity),
      })),
      deliveries: o.deliveries.length ? o.deliveries.map((d) => clean({ ...d })) : undefined,
      invoices: o.invoices.length
        ? o.invoices.map((i) => ({ invoiceNumber: i.invoiceNumber, date: i.date, dueDate: i.dueDate, amount: fromMinor(i.amount), paid: i.paid }))
        : undefined,
    });
  }
}
