/**
 * Pyramid's export: the out-messages the simulator writes (full files at start and on the schedule,
 * deltas on every change), each record shaped as the file's model and handed to the outbox.
 */
import type { Outbox } from './outbox';
import { fmtQty, fromBasisPoints, fromMinor } from './money';
import { clean, keep, type Action, type SimCore } from './core';
import type { ArticleRecord, ContactRecord, CustomerRecord, KitRecord, PriceListPrice, StockRow, WrittenFile } from './types';

export class FileWriter {
  constructor(
    private readonly c: SimCore,
    private readonly outbox: Outbox,
  ) {}

  async emitFile(type: string, model: Record<string, unknown>, records: number): Promise<WrittenFile> {
    const f = await this.outbox.write(type, model, records);
    this.c.filesWritten++;
    keep(this.c.files, f);
    this.c.log('debug', `wrote /out/${f.name} (${f.records} records, ${f.bytes} bytes)`);
    this.c.events.emit('file', f);
    return f;
  }

  articleModel(a: ArticleRecord, action?: Action): Record<string, unknown> {
    return clean({ ...a, action });
  }

  kitModel(k: KitRecord, action?: Action): Record<string, unknown> {
    return clean({ articleCode: k.articleCode, action, description: k.description, priceType: k.priceType, price: k.price, components: k.components, changed: k.changed });
  }

  stockModel(s: StockRow): Record<string, unknown> {
    return clean({
      articleCode: s.articleCode,
      warehouse: s.warehouse,
      onHand: fmtQty(s.onHand),
      available: fmtQty(Math.max(0, s.onHand - s.reserved)),
      reserved: fmtQty(s.reserved),
      incoming: fmtQty(s.incoming),
      nextDeliveryDate: s.incoming > 0 ? s.nextDeliveryDate : undefined,
      changed: s.changed,
    });
  }

  customerModel(c: CustomerRecord, action?: Action): Record<string, unknown> {
    return clean({ ...c, action, deliveryAddresses: c.deliveryAddresses.length ? c.deliveryAddresses : undefined });
  }

  contactModel(c: ContactRecord, action?: Action): Record<string, unknown> {
    return clean({ ...c, action, permissions: c.permissions.length ? c.permissions : undefined });
  }

  priceRowModel(p: PriceListPrice): Record<string, unknown> {
    const list = this.c.data.baseData.priceLists.find((l) => l.code === p.priceList);
    return clean({
      priceList: p.priceList,
      articleCode: p.articleCode,
      fromQuantity: fmtQty(p.fromQuantity),
      price: fromMinor(p.price),
      currency: list?.currency,
      includesVat: list?.includesVat,
      validFrom: p.validFrom,
      validUntil: p.validUntil,
    });
  }

  async writeBaseData(): Promise<WrittenFile> {
    const bd = this.c.data.baseData;
    return this.emitFile('base-data', { scope: 'full', ...bd }, Object.values(bd).reduce((n, l: unknown[]) => n + l.length, 0));
  }

  /** A full snapshot of one register as an out-file. */
  writeFull<T>(type: string, key: string, rows: Iterable<T>, model: (row: T) => unknown): Promise<WrittenFile> {
    const list = [...rows].map(model);
    return this.emitFile(type, { scope: 'full', [key]: list }, list.length);
  }

  async writeArticlesFull(): Promise<WrittenFile> {
    return this.writeFull('article', 'articles', this.c.data.articles.values(), (a) => this.articleModel(a));
  }

  async writeKitsFull(): Promise<WrittenFile> {
    return this.writeFull('kit-article', 'kits', this.c.data.kits.values(), (k) => this.kitModel(k));
  }

  async writeStockFull(): Promise<WrittenFile> {
    return this.writeFull('stock', 'stock', this.c.data.stock.values(), (r) => this.stockModel(r));
  }

  async writeCustomersFull(): Promise<WrittenFile> {
    return this.writeFull('customer', 'customers', this.c.data.customers.values(), (c) => this.customerModel(c));
  }

  async writeContactsFull(): Promise<WrittenFile> {
    return this.writeFull('contact', 'contacts', this.c.data.contacts.values(), (c) => this.contactModel(c));
  }

  async writePricesFull(): Promise<WrittenFile> {
    const priceListPrices = this.c.data.priceListPrices.map((p) => this.priceRowModel(p));
    const customerPrices = this.c.data.customerPrices.map((p) =>
      clean({
        customerNumber: p.customerNumber,
        articleCode: p.articleCode,
        fromQuantity: fmtQty(p.fromQuantity),
        price: p.price !== undefined ? fromMinor(p.price) : undefined,
        discountPercent: p.discountBp !== undefined ? fromBasisPoints(p.discountBp) : undefined,
        validFrom: p.validFrom,
        validUntil: p.validUntil,
      }),
    );
    return this.emitFile('price-list', { scope: 'full', priceListPrices, customerPrices }, priceListPrices.length + customerPrices.length);
  }

  /** Everything Pyramid exports when the integration is switched on. */
  async writeInitialFiles(): Promise<WrittenFile[]> {
    return [
      await this.writeBaseData(),
      await this.writeArticlesFull(),
      await this.writeKitsFull(),
      await this.writeStockFull(),
      await this.writePricesFull(),
      await this.writeCustomersFull(),
      await this.writeContactsFull(),
    ];
  }

  /** The scheduled exports. */
  async writeScheduled(): Promise<WrittenFile[]> {
    return [await this.writeBaseData(), await this.writePricesFull()];
  }

  articleDelta(changes: [ArticleRecord, Action][]): Promise<WrittenFile> {
    const articles = changes.map(([a, act]) => this.articleModel(a, act));
    return this.emitFile('article', { scope: 'delta', articles }, articles.length);
  }

  stockDelta(rows: StockRow[]): Promise<WrittenFile> {
    const unique = [...new Set(rows)];
    return this.emitFile('stock', { scope: 'delta', stock: unique.map((s) => this.stockModel(s)) }, unique.length);
  }

  priceDelta(rows: PriceListPrice[]): Promise<WrittenFile> {
    return this.emitFile('price-list', { scope: 'delta', priceListPrices: rows.map((p) => this.priceRowModel(p)) }, rows.length);
  }

  customerDelta(rows: [CustomerRecord, Action][]): Promise<WrittenFile> {
    return this.emitFile('customer', { scope: 'delta', customers: rows.map(([c, a]) => this.customerModel(c, a)) }, rows.length);
  }

  contactDelta(rows: [ContactRecord, Action][]): Promise<WrittenFile> {
    return this.emitFile('contact', { scope: 'delta', contacts: rows.map(([c, a]) => this.contactModel(c, a)) }, rows.length);
  }
}
