/**
 * The simulated Pyramid itself: the register (articles, stock, customers, prices, orders), the
 * out-messages it writes (full at start, Grunddata and Pris fullständig on a schedule, deltas on
 * every change), the import of orders, quotes and customer registrations, and the order life
 * cycle (registrerad -> plockas -> levererad -> fakturerad, each step an Orderstatus file).
 */
import { EventEmitter } from 'node:events';
import { localTimestamp, MessageError, readMessage, validateModel } from '../../lib/messages';
import { Random } from './random';
import { Outbox } from './outbox';
import { PriceIndex, listPricesFor } from './pricing';
import { fmtQty, fromBasisPoints, fromMinor, lineAmount, parseQty, roundQty, toBasisPoints, toMinor } from './money';
import { addDays, orderTotals } from './history';
import { makeDelivery } from './shipping';
import { isoDate, stockKey, type DataSet } from './dataset';
import { vatPercentOf } from './basedata';
import { CASH_CUSTOMER } from './parties';
import type {
  Address,
  ArticleRecord,
  ContactRecord,
  CustomerRecord,
  CustomerRegistration,
  DuplicateImport,
  ImportError,
  KitRecord,
  OrderRow,
  OrderStatusName,
  PriceListPrice,
  SimData,
  SimOrder,
  SimQuote,
  StockRow,
  WrittenFile,
} from './types';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string) => void;

export type Action = 'ny' | 'andrad' | 'borttagen';

/** A problem the caller caused (bad admin request, refused import): its text says what and where. */
export class SimError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** An import refused with reasons, as Pyramid's import work register lists them. */
export class ImportRejected extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join('\n'));
    this.name = 'ImportRejected';
  }
}

export type ImportOutcome =
  | { kind: 'imported'; type: string; summary: string; orderNumber?: string; quoteNumber?: string; customerNumbers?: string[] }
  | { kind: 'duplicate'; type: string; summary: string; duplicate: DuplicateImport }
  | { kind: 'error'; type?: string; reason: string };

export interface SimOptions {
  seed: string | number;
  outbox: Outbox;
  statusStepMs: number;
  activityMs: number;
  log: LogFn;
  now?: () => Date;
}

const NEXT_STATUS: Partial<Record<OrderStatusName, OrderStatusName>> = {
  registrerad: 'plockas',
  plockas: 'levererad',
  levererad: 'fakturerad',
};

/** Keys of an Artikel record that a change request may set. */
const ARTICLE_FIELDS = [
  'description',
  'description2',
  'longText',
  'unit',
  'articleGroup',
  'vatCode',
  'ean',
  'supplier',
  'supplierArticleCode',
  'weight',
  'volume',
  'length',
  'width',
  'height',
  'basePrice',
  'basePriceCurrency',
  'webActive',
  'stocked',
  'discontinued',
  'searchWords',
  'webCategories',
  'properties',
  'parentArticle',
  'variantProperties',
  'images',
  // a customer's own elements the catalogue does not know (<Webbkategori>...), written as they are
  'extra',
] as const;

const MAX_KEPT = 1000;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export class PyramidSim {
  readonly events = new EventEmitter();
  readonly data: SimData;
  readonly prices: PriceIndex;
  readonly files: WrittenFile[] = [];
  filesWritten = 0;
  readonly duplicates: DuplicateImport[] = [];
  readonly importErrors: ImportError[] = [];
  readonly registrations: CustomerRegistration[] = [];
  activity = false;

  private readonly timers = new Map<string, NodeJS.Timeout>();
  private activityTimer?: NodeJS.Timeout;
  private readonly rng: Random;
  private readonly activityRng: Random;
  private closed = false;

  constructor(
    ds: DataSet,
    private readonly o: SimOptions,
  ) {
    this.data = ds.data;
    this.prices = ds.prices;
    this.rng = new Random(o.seed, 'runtime');
    this.activityRng = new Random(o.seed, 'activity');
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private today(): string {
    return isoDate(this.now());
  }

  private stamp(): string {
    return localTimestamp(this.now());
  }

  private log(level: LogLevel, message: string): void {
    this.o.log(level, message);
  }

  // ---------------------------------------------------------------------------------------------
  // out-messages

  private async emitFile(type: string, model: Record<string, unknown>, records: number): Promise<WrittenFile> {
    const f = await this.o.outbox.write(type, model, records);
    this.filesWritten++;
    keep(this.files, f);
    this.log('debug', `wrote /out/${f.name} (${f.records} records, ${f.bytes} bytes)`);
    this.events.emit('file', f);
    return f;
  }

  private articleModel(a: ArticleRecord, action?: Action): Record<string, unknown> {
    return clean({ ...a, action });
  }

  private kitModel(k: KitRecord, action?: Action): Record<string, unknown> {
    return clean({ articleCode: k.articleCode, action, description: k.description, priceType: k.priceType, price: k.price, components: k.components, changed: k.changed });
  }

  private stockModel(s: StockRow): Record<string, unknown> {
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

  private customerModel(c: CustomerRecord, action?: Action): Record<string, unknown> {
    return clean({ ...c, action, deliveryAddresses: c.deliveryAddresses.length ? c.deliveryAddresses : undefined });
  }

  private contactModel(c: ContactRecord, action?: Action): Record<string, unknown> {
    return clean({ ...c, action, permissions: c.permissions.length ? c.permissions : undefined });
  }

  private priceRowModel(p: PriceListPrice): Record<string, unknown> {
    const list = this.data.baseData.priceLists.find((l) => l.code === p.priceList);
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
    const bd = this.data.baseData;
    return this.emitFile('base-data', { scope: 'full', ...bd }, Object.values(bd).reduce((n, l: unknown[]) => n + l.length, 0));
  }

  /** A full snapshot of one register as an out-file. */
  private writeFull<T>(type: string, key: string, rows: Iterable<T>, model: (row: T) => unknown): Promise<WrittenFile> {
    const list = [...rows].map(model);
    return this.emitFile(type, { scope: 'full', [key]: list }, list.length);
  }

  async writeArticlesFull(): Promise<WrittenFile> {
    return this.writeFull('article', 'articles', this.data.articles.values(), (a) => this.articleModel(a));
  }

  async writeKitsFull(): Promise<WrittenFile> {
    return this.writeFull('kit-article', 'kits', this.data.kits.values(), (k) => this.kitModel(k));
  }

  async writeStockFull(): Promise<WrittenFile> {
    return this.writeFull('stock', 'stock', this.data.stock.values(), (r) => this.stockModel(r));
  }

  async writeCustomersFull(): Promise<WrittenFile> {
    return this.writeFull('customer', 'customers', this.data.customers.values(), (c) => this.customerModel(c));
  }

  async writeContactsFull(): Promise<WrittenFile> {
    return this.writeFull('contact', 'contacts', this.data.contacts.values(), (c) => this.contactModel(c));
  }

  async writePricesFull(): Promise<WrittenFile> {
    const priceListPrices = this.data.priceListPrices.map((p) => this.priceRowModel(p));
    const customerPrices = this.data.customerPrices.map((p) =>
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

  private articleDelta(changes: [ArticleRecord, Action][]): Promise<WrittenFile> {
    const articles = changes.map(([a, act]) => this.articleModel(a, act));
    return this.emitFile('article', { scope: 'delta', articles }, articles.length);
  }

  private stockDelta(rows: StockRow[]): Promise<WrittenFile> {
    const unique = [...new Set(rows)];
    return this.emitFile('stock', { scope: 'delta', stock: unique.map((s) => this.stockModel(s)) }, unique.length);
  }

  private priceDelta(rows: PriceListPrice[]): Promise<WrittenFile> {
    return this.emitFile('price-list', { scope: 'delta', priceListPrices: rows.map((p) => this.priceRowModel(p)) }, rows.length);
  }

  private customerDelta(rows: [CustomerRecord, Action][]): Promise<WrittenFile> {
    return this.emitFile('customer', { scope: 'delta', customers: rows.map(([c, a]) => this.customerModel(c, a)) }, rows.length);
  }

  private contactDelta(rows: [ContactRecord, Action][]): Promise<WrittenFile> {
    return this.emitFile('contact', { scope: 'delta', contacts: rows.map(([c, a]) => this.contactModel(c, a)) }, rows.length);
  }

  // ---------------------------------------------------------------------------------------------
  // changes (admin API, activity mode)

  private article(code: unknown): ArticleRecord {
    if (typeof code !== 'string' || code.trim() === '') throw new SimError('articleCode is required');
    const a = this.data.articles.get(code.trim());
    if (!a) throw new SimError(`article ${code} does not exist`, 404);
    return a;
  }

  /** Set a stock quantity: `available` (on hand = available + reserved), `onHand`, or add `delta`. */
  async changeStock(req: { articleCode?: unknown; warehouse?: unknown; available?: unknown; onHand?: unknown; delta?: unknown; incoming?: unknown; nextDeliveryDate?: unknown }): Promise<{ row: Record<string, unknown>; file: WrittenFile }> {
    const a = this.article(req.articleCode);
    const wh = typeof req.warehouse === 'string' && req.warehouse.trim() ? req.warehouse.trim().toUpperCase() : 'HUV';
    if (!this.data.baseData.warehouses.some((w) => w.code === wh)) {
      throw new SimError(`warehouse ${wh} does not exist (known: ${this.data.baseData.warehouses.map((w) => w.code).join(', ')})`);
    }
    if (!a.stocked) throw new SimError(`article ${a.articleCode} is not a stock article (lagerford N): it has no stock`);
    const num = (v: unknown, what: string): number | undefined => {
      if (v === undefined || v === null || v === '') return undefined;
      const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
      if (!Number.isFinite(n)) throw new SimError(`${what} ${JSON.stringify(v)} is not a number`);
      return roundQty(n);
    };
    const available = num(req.available, 'available');
    const onHand = num(req.onHand, 'onHand');
    const delta = num(req.delta, 'delta');
    const incoming = num(req.incoming, 'incoming');
    if (available === undefined && onHand === undefined && delta === undefined && incoming === undefined) {
      throw new SimError('give available, onHand, delta or incoming');
    }
    const key = stockKey(a.articleCode, wh);
    const row = this.data.stock.get(key) ?? { articleCode: a.articleCode, warehouse: wh, onHand: 0, reserved: 0, incoming: 0, changed: this.stamp() };
    if (available !== undefined) row.onHand = roundQty(Math.max(0, available) + row.reserved);
    if (onHand !== undefined) row.onHand = Math.max(0, onHand);
    if (delta !== undefined) row.onHand = roundQty(Math.max(0, row.onHand + delta));
    if (incoming !== undefined) {
      row.incoming = Math.max(0, incoming);
      if (row.incoming > 0) row.nextDeliveryDate = typeof req.nextDeliveryDate === 'string' ? req.nextDeliveryDate : addDays(this.today(), 7);
    }
    row.changed = this.stamp();
    this.data.stock.set(key, row);
    const file = await this.stockDelta([row]);
    this.log('info', `stock ${a.articleCode} ${wh}: available ${fmtQty(Math.max(0, row.onHand - row.reserved))} -> ${file.name}`);
    this.events.emit('change', { kind: 'stock', articleCode: a.articleCode, warehouse: wh });
    return { row: this.stockModel(row), file };
  }

  /** Recompute an article's price-list rows after its base price changed (tiers keep their ratios). */
  private repriceLists(a: ArticleRecord, oldBase: number): PriceListPrice[] {
    const newBase = toMinor(a.basePrice);
    const changed: PriceListPrice[] = [];
    for (const p of this.data.priceListPrices) {
      if (p.articleCode !== a.articleCode || p.campaign) continue;
      p.price = oldBase > 0 ? Math.round((p.price * newBase) / oldBase) : p.price;
      changed.push(p);
    }
    if (!changed.length) {
      const kind = this.data.articleKinds.get(a.articleCode) ?? 'simple';
      const rows = listPricesFor(this.data.baseData, a, kind, 1.15, true);
      this.data.priceListPrices.push(...rows);
      changed.push(...rows);
    }
    this.prices.invalidate();
    return changed;
  }

  /** Kits priced as the sum of their components follow their components' price. */
  private repriceKits(code: string): [ArticleRecord, Action][] {
    const out: [ArticleRecord, Action][] = [];
    for (const k of this.data.kits.values()) {
      if (k.priceType !== 'summa' || !k.components.some((c) => c.articleCode === code)) continue;
      const sum = k.components.reduce((s, c) => s + lineAmount(Number(c.quantity), toMinor(this.data.articles.get(c.articleCode)?.basePrice ?? '0')), 0);
      const ka = this.data.articles.get(k.articleCode);
      if (!ka) continue;
      ka.basePrice = fromMinor(sum);
      ka.changed = this.stamp();
      out.push([ka, 'andrad']);
    }
    return out;
  }

  /**
   * A price change. Without `priceList`: the article's base price (SEK excl. VAT) changes, its
   * price-list rows follow, and an Artikeldata delta and a Pris delta are written. With
   * `priceList`: that list's price (from `fromQuantity`, default 1) is set, and a Pris delta written.
   */
  async changePrice(req: { articleCode?: unknown; price?: unknown; priceList?: unknown; fromQuantity?: unknown }): Promise<{ files: WrittenFile[] }> {
    const a = this.article(req.articleCode);
    if (req.price === undefined || req.price === null || req.price === '') throw new SimError('price is required');
    let minor: number;
    try {
      minor = toMinor(String(req.price));
    } catch {
      throw new SimError(`price ${JSON.stringify(req.price)} is not an amount`);
    }
    if (minor < 0) throw new SimError('price must not be negative');
    if (this.data.articleKinds.get(a.articleCode) === 'parent') throw new SimError(`article ${a.articleCode} is a variant parent (huvudartikel): price its variants`);
    const files: WrittenFile[] = [];
    if (req.priceList !== undefined && req.priceList !== '') {
      const list = this.data.baseData.priceLists.find((l) => l.code === String(req.priceList).trim().toUpperCase());
      if (!list) throw new SimError(`price list ${String(req.priceList)} does not exist (known: ${this.data.baseData.priceLists.map((l) => l.code).join(', ')})`);
      const from = req.fromQuantity === undefined ? 1 : parseQty(String(req.fromQuantity));
      let row = this.data.priceListPrices.find((p) => p.priceList === list.code && p.articleCode === a.articleCode && p.fromQuantity === from && !p.campaign);
      if (!row) {
        row = { priceList: list.code, articleCode: a.articleCode, fromQuantity: from, price: minor };
        this.data.priceListPrices.push(row);
      }
      row.price = minor;
      this.prices.invalidate();
      files.push(await this.priceDelta([row]));
      this.log('info', `price ${a.articleCode} in ${list.code} from ${fmtQty(from)}: ${fromMinor(minor)} ${list.currency} -> ${files[0].name}`);
    } else {
      const old = toMinor(a.basePrice);
      a.basePrice = fromMinor(minor);
      a.changed = this.stamp();
      const rows = this.repriceLists(a, old);
      files.push(await this.articleDelta([[a, 'andrad'], ...this.repriceKits(a.articleCode)]));
      files.push(await this.priceDelta(rows));
      this.log('info', `base price ${a.articleCode}: ${fromMinor(old)} -> ${a.basePrice} SEK -> ${files.map((f) => f.name).join(', ')}`);
    }
    this.events.emit('change', { kind: 'price', articleCode: a.articleCode });
    return { files };
  }

  /**
   * Change, create or remove an article: `{articleCode, ...fields}` with the Artikeldata JSON keys
   * (description, webActive, basePrice, ...); `{articleCode, remove: true}` removes it.
   */
  async changeArticle(req: Record<string, unknown>): Promise<{ article?: Record<string, unknown>; action: Action; file: WrittenFile }> {
    const code = typeof req.articleCode === 'string' ? req.articleCode.trim() : '';
    if (!code) throw new SimError('articleCode is required');
    const existing = this.data.articles.get(code);
    if (req.remove === true) {
      if (!existing) throw new SimError(`article ${code} does not exist`, 404);
      if (this.data.articleKinds.get(code) === 'parent' && [...this.data.articles.values()].some((a) => a.parentArticle === code)) {
        throw new SimError(`article ${code} is the parent of variants: remove the variants first`);
      }
      this.data.articles.delete(code);
      for (const k of [...this.data.stock.keys()]) if (k.startsWith(`${code}|`)) this.data.stock.delete(k);
      this.data.priceListPrices = this.data.priceListPrices.filter((p) => p.articleCode !== code);
      this.data.customerPrices = this.data.customerPrices.filter((p) => p.articleCode !== code);
      this.prices.invalidate();
      existing.changed = this.stamp();
      const file = await this.articleDelta([[existing, 'borttagen']]);
      this.log('info', `article ${code} removed -> ${file.name}`);
      this.events.emit('change', { kind: 'article', articleCode: code, action: 'borttagen' });
      return { action: 'borttagen', file };
    }
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(req)) {
      if (k === 'articleCode' || k === 'remove') continue;
      if (!(ARTICLE_FIELDS as readonly string[]).includes(k)) throw new SimError(`unknown article field "${k}" (known: ${ARTICLE_FIELDS.join(', ')})`);
      changes[k] = v;
    }
    if (!Object.keys(changes).length) throw new SimError('nothing to change: give one or more article fields');
    const action: Action = existing ? 'andrad' : 'ny';
    const base: Record<string, unknown> = existing
      ? { ...existing }
      : { articleCode: code, unit: 'st', articleGroup: 'OVR', vatCode: '1', basePrice: '0.00', basePriceCurrency: 'SEK', webActive: true, stocked: true, discontinued: false, webCategories: [], properties: [], variantProperties: [], images: [] };
    if (!existing && typeof changes.description !== 'string') throw new SimError(`article ${code} does not exist: give at least a description to create it`);
    const candidate = { ...base, ...changes, changed: this.stamp() };
    let validated: ArticleRecord;
    try {
      const m = validateModel<{ articles: ArticleRecord[] }>('article', { scope: 'delta', articles: [candidate] });
      validated = m.articles[0];
    } catch (e) {
      throw new SimError(e instanceof MessageError ? e.message : String(e));
    }
    for (const k of ['webCategories', 'properties', 'variantProperties', 'images'] as const) validated[k] ??= [];
    if (validated.parentArticle && !this.data.articles.has(validated.parentArticle)) throw new SimError(`parentArticle ${validated.parentArticle} does not exist`);
    if (!this.data.baseData.vatCodes.some((v) => v.code === validated.vatCode)) throw new SimError(`vatCode ${validated.vatCode} does not exist`);
    const oldBase = existing ? toMinor(existing.basePrice) : 0;
    const record = clean(validated) as ArticleRecord;
    this.data.articles.set(code, record);
    if (!existing) this.data.articleKinds.set(code, record.parentArticle ? 'variant' : 'simple');
    const deltas: [ArticleRecord, Action][] = [[record, action]];
    let priceRows: PriceListPrice[] = [];
    if (!existing || oldBase !== toMinor(record.basePrice)) {
      priceRows = this.repriceLists(record, oldBase);
      deltas.push(...this.repriceKits(code));
    }
    if (!existing && record.stocked) {
      const row: StockRow = { articleCode: code, warehouse: 'HUV', onHand: 0, reserved: 0, incoming: 0, changed: this.stamp() };
      this.data.stock.set(stockKey(code, 'HUV'), row);
    }
    const file = await this.articleDelta(deltas);
    if (priceRows.length) await this.priceDelta(priceRows);
    this.log('info', `article ${code} ${action === 'ny' ? 'created' : 'changed'} (${Object.keys(changes).join(', ')}) -> ${file.name}`);
    this.events.emit('change', { kind: 'article', articleCode: code, action });
    return { article: this.articleModel(record), action, file };
  }

  // ---------------------------------------------------------------------------------------------
  // activity mode: Pyramid's users at work

  setActivity(on: boolean): void {
    this.activity = on;
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = undefined;
    if (on && !this.closed) this.armActivity();
    this.log('info', `activity ${on ? 'on' : 'off'}`);
  }

  private armActivity(): void {
    this.activityTimer = setTimeout(() => {
      this.activityTick()
        .catch((e: unknown) => this.log('error', `activity: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          if (this.activity && !this.closed) this.armActivity();
        });
    }, this.o.activityMs);
    this.activityTimer.unref?.();
  }

  /** One round of made-up work: sales and deliveries change stock, now and then a price or an article. */
  async activityTick(): Promise<void> {
    const r = this.activityRng;
    const rows = [...this.data.stock.values()];
    if (rows.length) {
      const changed: StockRow[] = [];
      for (let i = r.int(1, 4); i > 0; i--) {
        const row = r.pick(rows);
        const delta = r.chance(0.75) ? -r.int(1, 5) : r.int(10, 60);
        row.onHand = roundQty(Math.max(0, row.onHand + delta));
        if (delta > 0 && row.incoming > 0) {
          row.incoming = 0;
          delete row.nextDeliveryDate;
        }
        row.changed = this.stamp();
        changed.push(row);
      }
      await this.stockDelta(changed);
    }
    const simple = [...this.data.articles.values()].filter((a) => this.data.articleKinds.get(a.articleCode) === 'simple');
    if (simple.length && r.chance(0.2)) {
      const a = r.pick(simple);
      const factor = 1 + (r.chance(0.5) ? 1 : -1) * (0.02 + r.next() * 0.06);
      await this.changePrice({ articleCode: a.articleCode, price: fromMinor(Math.max(10, Math.round(toMinor(a.basePrice) * factor))) });
    }
    if (simple.length && r.chance(0.1)) {
      const a = r.pick(simple);
      const what = r.int(0, 2);
      if (what === 0) await this.changeArticle({ articleCode: a.articleCode, webActive: !a.webActive });
      else if (what === 1) await this.changeArticle({ articleCode: a.articleCode, description2: r.pick(['Nyhet!', 'Populär', 'Begränsat antal', 'Fri frakt över 500 kr']) });
      else await this.changeArticle({ articleCode: a.articleCode, searchWords: `${a.searchWords ?? ''} ${r.pick(['proffs', 'bygg', 'hem', 'rea'])}`.trim() });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // import (Order, Offert, Kund files from the shop)

  /** Read and import one file from the in-folder. Never throws for a bad file: the outcome says why. */
  async importFile(fileName: string, bytes: Buffer, type: 'order' | 'quote' | 'customer'): Promise<ImportOutcome> {
    try {
      const { model } = readMessage<Record<string, unknown>>(type, bytes, { fileName });
      if (type === 'order') return await this.importOrder(model, fileName);
      if (type === 'quote') return await this.importQuote(model, fileName);
      return await this.importCustomers(model, fileName);
    } catch (e) {
      const reason = e instanceof ImportRejected ? e.reasons.map((r) => `${fileName}: ${r}`).join('\n') : e instanceof Error ? e.message : String(e);
      const err: ImportError = { file: fileName, reason, at: this.now().toISOString() };
      keep(this.importErrors, err);
      this.log('warn', `import ${fileName} refused: ${reason.split('\n').join('; ')}`);
      this.events.emit('import-error', err);
      return { kind: 'error', type, reason };
    }
  }

  private findOrderByExternal(ext: string): SimOrder | undefined {
    for (const o of this.data.orders.values()) if (o.externalOrderNumber === ext) return o;
    return undefined;
  }

  /** The customer of an order or quote: its number, a new buyer (registered now), or the cash customer. */
  private resolveCustomer(m: Record<string, unknown>, reasons: string[]): CustomerRecord | undefined {
    const number = m.customerNumber as string | undefined;
    if (number) {
      const c = this.data.customers.get(number);
      if (!c) reasons.push(`kundnummer ${number} does not exist in Pyramid's customer register`);
      else if (c.blocked) reasons.push(`customer ${number} (${c.name}) is blocked (sparrad): no orders are taken`);
      return c;
    }
    const nk = m.newCustomer as Record<string, unknown> | undefined;
    if (nk) {
      const problems = this.checkRegistration(nk);
      if (problems.length) {
        reasons.push(...problems.map((p) => `nyKund: ${p}`));
        return undefined;
      }
      return undefined; // registered by the caller once every other check has passed
    }
    const cash = this.data.customers.get(CASH_CUSTOMER);
    if (!cash) reasons.push(`neither kundnummer nor nyKund given, and the cash customer ${CASH_CUSTOMER} is missing`);
    return cash;
  }

  private checkRegistration(k: Record<string, unknown>): string[] {
    const out: string[] = [];
    if (!k.name || String(k.name).trim() === '') out.push('namn is required');
    const bd = this.data.baseData;
    if (k.currency && !bd.currencies.some((c) => c.code === k.currency)) out.push(`valuta ${String(k.currency)} does not exist in Grunddata`);
    if (k.priceList && !bd.priceLists.some((c) => c.code === k.priceList)) out.push(`prislista ${String(k.priceList)} does not exist in Grunddata`);
    if (k.paymentTerms && !bd.paymentTerms.some((c) => c.code === k.paymentTerms)) out.push(`betalningsvillkor ${String(k.paymentTerms)} does not exist in Grunddata`);
    if (k.deliveryMethod && !bd.deliveryMethods.some((c) => c.code === k.deliveryMethod)) out.push(`leveranssatt ${String(k.deliveryMethod)} does not exist in Grunddata`);
    if (k.customerCategory && !bd.customerCategories.some((c) => c.code === k.customerCategory)) out.push(`kundkategori ${String(k.customerCategory)} does not exist in Grunddata`);
    return out;
  }

  /** Register (or update, by externtKundId) a customer from the shop. */
  private registerCustomer(k: Record<string, unknown>): [CustomerRecord, Action] {
    const ext = k.externalCustomerId ? String(k.externalCustomerId) : undefined;
    const existing = ext ? [...this.data.customers.values()].find((c) => c.externalCustomerId === ext) : undefined;
    const privatePerson = typeof k.privatePerson === 'boolean' ? k.privatePerson : !k.organisationNumber;
    const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
    const addr = (v: unknown): Address | undefined => (v && typeof v === 'object' ? clean({ ...(v as Address) }) : undefined);
    const deliveryAddresses = Array.isArray(k.deliveryAddresses)
      ? (k.deliveryAddresses as (Address & { id?: string })[]).map((d, i) => clean({ ...d, id: d.id ?? String(i + 1) }) as Address & { id: string })
      : undefined;
    const fields = clean({
      externalCustomerId: ext,
      name: String(k.name),
      organisationNumber: str(k.organisationNumber),
      vatNumber: str(k.vatNumber),
      privatePerson,
      customerCategory: str(k.customerCategory),
      priceList: str(k.priceList),
      discountPercent: str(k.discountPercent),
      paymentTerms: str(k.paymentTerms),
      deliveryTerms: str(k.deliveryTerms),
      deliveryMethod: str(k.deliveryMethod),
      currency: str(k.currency),
      language: str(k.language),
      creditLimit: str(k.creditLimit),
      email: str(k.email),
      invoiceEmail: str(k.invoiceEmail),
      phone: str(k.phone),
      invoiceAddress: addr(k.invoiceAddress),
      deliveryAddresses,
    });
    if (existing) {
      Object.assign(existing, fields, { changed: this.stamp() });
      return [existing, 'andrad'];
    }
    const c: CustomerRecord = {
      customerNumber: String(this.data.next.customer++),
      name: fields.name,
      privatePerson,
      customerCategory: privatePerson ? 'PRIV' : 'FTG',
      priceList: privatePerson ? 'KONS' : 'BAS',
      paymentTerms: privatePerson ? 'KORT' : '30',
      currency: 'SEK',
      language: 'sv',
      blocked: false,
      invoiceAddress: { name: fields.name },
      deliveryAddresses: [],
      changed: this.stamp(),
    };
    Object.assign(c, fields);
    this.data.customers.set(c.customerNumber, c);
    return [c, 'ny'];
  }

  private async importCustomers(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const list = (m.customers as Record<string, unknown>[] | undefined) ?? [];
    if (!list.length) throw new ImportRejected(['the file holds no Kundpost']);
    const reasons: string[] = [];
    list.forEach((k, i) => {
      const where = `Kundpost[${i + 1}]${k.externalCustomerId ? ` (externtKundId ${String(k.externalCustomerId)})` : ''}`;
      if (!k.externalCustomerId) reasons.push(`${where}: externtKundId is required in a registration`);
      if (k.customerNumber) {
        const known = this.data.customers.get(String(k.customerNumber));
        if (!known) reasons.push(`${where}: kundnummer ${String(k.customerNumber)} does not exist (leave it empty in a registration: Pyramid assigns it)`);
      }
      for (const p of this.checkRegistration(k)) reasons.push(`${where}: ${p}`);
    });
    if (reasons.length) throw new ImportRejected(reasons);
    const rows = list.map((k) => this.registerCustomer(k));
    const file = await this.customerDelta(rows);
    const at = this.now().toISOString();
    for (const [c, action] of rows) {
      const reg: CustomerRegistration = { externalCustomerId: c.externalCustomerId ?? '', customerNumber: c.customerNumber, action: action === 'ny' ? 'ny' : 'andrad', file: fileName, at };
      keep(this.registrations, reg);
    }
    const summary = rows.map(([c, a]) => `${c.externalCustomerId} -> kundnummer ${c.customerNumber} (${a})`).join(', ');
    this.log('info', `imported ${fileName}: ${summary}; Kund delta ${file.name}`);
    this.events.emit('customer-registered', { file: fileName, customers: rows.map(([c, a]) => ({ customerNumber: c.customerNumber, externalCustomerId: c.externalCustomerId, action: a })) });
    return { kind: 'imported', type: 'customer', summary, customerNumbers: rows.map(([c]) => c.customerNumber) };
  }

  /** Validate the rows of an order or quote and price the ones without a price. */
  private orderRows(m: Record<string, unknown>, customer: CustomerRecord | undefined, currency: string, reasons: string[], warnings: string[]): OrderRow[] {
    const rows = (m.rows as Record<string, unknown>[] | undefined) ?? [];
    if (!rows.length) reasons.push('the order has no rows (Rader)');
    const out: OrderRow[] = [];
    rows.forEach((r, i) => {
      const code = String(r.articleCode);
      const where = `Rad[${i + 1}] (artikelkod ${code})`;
      const a = this.data.articles.get(code);
      if (!a) {
        reasons.push(`${where}: artikelkod ${code} does not exist in Pyramid's article register`);
        return;
      }
      if (this.data.articleKinds.get(code) === 'parent') {
        reasons.push(`${where}: ${code} is a variant parent (huvudartikel) and cannot be ordered: order one of its variants`);
        return;
      }
      const quantity = parseQty(String(r.quantity));
      if (!(quantity > 0)) {
        reasons.push(`${where}: antal ${String(r.quantity)} must be more than 0`);
        return;
      }
      const vat = vatPercentOf(this.data.baseData, a.vatCode);
      if (r.vatPercent !== undefined && Number(r.vatPercent) !== vat) {
        warnings.push(`${where}: momsProcent ${String(r.vatPercent)} differs from the article's ${vat} %; Pyramid uses ${vat} %`);
      }
      let unitPrice: number;
      if (r.unitPrice !== undefined) unitPrice = toMinor(String(r.unitPrice));
      else {
        const q = customer ? this.prices.quote(customer, code, quantity, currency, this.today()) : undefined;
        unitPrice = q?.netPrice ?? toMinor(a.basePrice);
        warnings.push(`${where}: no aPris given; Pyramid priced it at ${fromMinor(unitPrice)} ${currency}`);
      }
      out.push({
        rowNumber: typeof r.rowNumber === 'number' ? r.rowNumber : i + 1,
        articleCode: code,
        description: typeof r.description === 'string' && r.description ? r.description : a.description,
        quantity,
        unitPrice,
        discountBp: r.discountPercent !== undefined ? toBasisPoints(String(r.discountPercent)) : 0,
        vatBp: vat * 100,
        deliveredQuantity: 0,
      });
    });
    return out;
  }

  private checkHeader(m: Record<string, unknown>, reasons: string[]): void {
    const bd = this.data.baseData;
    if (m.currency && !bd.currencies.some((c) => c.code === m.currency)) reasons.push(`valuta ${String(m.currency)} does not exist in Grunddata (known: ${bd.currencies.map((c) => c.code).join(', ')})`);
    if (m.deliveryMethod && !bd.deliveryMethods.some((c) => c.code === m.deliveryMethod)) {
      reasons.push(`leveranssatt ${String(m.deliveryMethod)} does not exist in Grunddata (known: ${bd.deliveryMethods.map((c) => c.code).join(', ')})`);
    }
    if (m.deliveryTerms && !bd.deliveryTerms.some((c) => c.code === m.deliveryTerms)) reasons.push(`leveransvillkor ${String(m.deliveryTerms)} does not exist in Grunddata`);
    if (m.priceList && !bd.priceLists.some((c) => c.code === m.priceList)) reasons.push(`prislista ${String(m.priceList)} does not exist in Grunddata`);
  }

  private checkTotals(o: SimOrder, m: Record<string, unknown>, warnings: string[]): void {
    const t = orderTotals(o);
    const tolerance = o.rows.length + 2; // öre: rounding per row vs. on the total
    for (const [key, name, value] of [
      ['totalExclVat', 'summaExklMoms', t.exclVat],
      ['totalVat', 'summaMoms', t.vat],
      ['totalInclVat', 'summaInklMoms', t.inclVat],
    ] as const) {
      const given = m[key];
      if (given === undefined) continue;
      const g = toMinor(String(given));
      if (Math.abs(g - value) > tolerance) warnings.push(`${name} ${String(given)} differs from Pyramid's ${fromMinor(value)}`);
    }
  }

  private async importOrder(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const ext = String(m.externalOrderNumber);
    const existing = this.findOrderByExternal(ext);
    if (existing) return this.duplicate('order', ext, existing.orderNumber, fileName);
    const reasons: string[] = [];
    const warnings: string[] = [];
    const customer = this.resolveCustomer(m, reasons);
    this.checkHeader(m, reasons);
    const currency = (m.currency as string | undefined) ?? customer?.currency ?? (m.newCustomer as { currency?: string } | undefined)?.currency ?? 'SEK';
    const contact = m.contact as { contactId?: string; name?: string; email?: string } | undefined;
    if (contact?.contactId) {
      const k = this.data.contacts.get(contact.contactId);
      if (!k) reasons.push(`kontakt: kontaktId ${contact.contactId} does not exist`);
      else if (customer && k.customerNumber !== customer.customerNumber) reasons.push(`kontakt: kontaktId ${contact.contactId} belongs to customer ${k.customerNumber}, not ${customer.customerNumber}`);
    }
    const rows = this.orderRows(m, customer, currency, reasons, warnings);
    if (reasons.length) throw new ImportRejected(reasons);

    let buyer = customer;
    const files: string[] = [];
    if (!buyer) {
      const [c, action] = this.registerCustomer(m.newCustomer as Record<string, unknown>);
      buyer = c;
      const f = await this.customerDelta([[c, action]]);
      files.push(f.name);
      keep(this.registrations, { externalCustomerId: c.externalCustomerId ?? '', customerNumber: c.customerNumber, action: action === 'ny' ? 'ny' : 'andrad', file: fileName, at: this.now().toISOString() });
    }
    const freight = m.freight as { amount?: string; vatPercent?: string } | undefined;
    const order: SimOrder = {
      orderNumber: String(this.data.next.order++),
      externalOrderNumber: ext,
      customerNumber: buyer.customerNumber,
      contactId: contact?.contactId,
      orderDate: (m.orderDate as string | undefined) ?? this.today(),
      status: 'registrerad',
      currency,
      pricesIncludeVat: typeof m.pricesIncludeVat === 'boolean' ? m.pricesIncludeVat : buyer.priceList === 'KONS',
      deliveryMethod: (m.deliveryMethod as string | undefined) ?? buyer.deliveryMethod,
      rows,
      freight: freight?.amount ? toMinor(freight.amount) : 0,
      freightVatBp: freight?.vatPercent ? toBasisPoints(freight.vatPercent) : 2500,
      invoiceFee: m.invoiceFee ? toMinor(String(m.invoiceFee)) : 0,
      deliveries: [],
      invoices: [],
      source: 'import',
      importedFrom: fileName,
      importedAt: this.now().toISOString(),
      history: [],
      warnings,
      warehouse: 'HUV',
    };
    clean(order);
    this.checkTotals(order, m, warnings);
    this.data.orders.set(order.orderNumber, order);
    const stock = this.reserve(order, +1);
    if (stock.length) files.push((await this.stockDelta(stock)).name);
    const status = await this.writeStatus(order);
    files.push(status);
    this.armStatus(order);
    const summary = `order ${ext} -> Pyramid order ${order.orderNumber} (customer ${buyer.customerNumber}, ${rows.length} rows)`;
    this.log('info', `imported ${fileName}: ${summary}${warnings.length ? `; notes: ${warnings.join('; ')}` : ''}`);
    this.events.emit('order-imported', { file: fileName, orderNumber: order.orderNumber, externalOrderNumber: ext, files });
    return { kind: 'imported', type: 'order', summary, orderNumber: order.orderNumber };
  }

  private async importQuote(m: Record<string, unknown>, fileName: string): Promise<ImportOutcome> {
    const ext = String(m.externalQuoteNumber);
    const existing = [...this.data.quotes.values()].find((q) => q.externalQuoteNumber === ext);
    if (existing) return this.duplicate('quote', ext, existing.quoteNumber, fileName);
    const reasons: string[] = [];
    const warnings: string[] = [];
    const customer = this.resolveCustomer(m, reasons);
    this.checkHeader(m, reasons);
    const currency = (m.currency as string | undefined) ?? customer?.currency ?? 'SEK';
    const rows = this.orderRows(m, customer, currency, reasons, warnings);
    if (reasons.length) throw new ImportRejected(reasons);
    let buyer = customer;
    if (!buyer) {
      const [c, action] = this.registerCustomer(m.newCustomer as Record<string, unknown>);
      buyer = c;
      await this.customerDelta([[c, action]]);
    }
    const q: SimQuote = {
      quoteNumber: String(this.data.next.quote++),
      externalQuoteNumber: ext,
      customerNumber: buyer.customerNumber,
      validUntil: (m.validUntil as string | undefined) ?? addDays(this.today(), 30),
      rows: rows.length,
      importedFrom: fileName,
      importedAt: this.now().toISOString(),
    };
    this.data.quotes.set(q.quoteNumber, q);
    const summary = `quote ${ext} -> Pyramid quote ${q.quoteNumber} (customer ${buyer.customerNumber}, ${rows.length} rows, valid until ${q.validUntil})`;
    this.log('info', `imported ${fileName}: ${summary}`);
    this.events.emit('quote-imported', { file: fileName, quoteNumber: q.quoteNumber, externalQuoteNumber: ext });
    return { kind: 'imported', type: 'quote', summary, quoteNumber: q.quoteNumber };
  }

  private duplicate(type: 'order' | 'quote', key: string, existing: string, fileName: string): ImportOutcome {
    const d: DuplicateImport = { file: fileName, type, key, existing, at: this.now().toISOString() };
    keep(this.duplicates, d);
    const what = type === 'order' ? 'externtOrdernummer' : 'externtOffertnummer';
    const summary = `${what} ${key} already imported as ${type} ${existing}: not imported again`;
    this.log('warn', `${fileName}: ${summary}`);
    this.events.emit('duplicate', d);
    return { kind: 'duplicate', type, summary, duplicate: d };
  }

  // ---------------------------------------------------------------------------------------------
  // the order life cycle

  /** Apply `change` to the stock row of every article an order takes (a kit takes its components). */
  private eachStockRow(order: SimOrder, change: (row: StockRow, qty: number) => void): StockRow[] {
    const touched: StockRow[] = [];
    const take = (code: string, qty: number) => {
      const row = this.data.stock.get(stockKey(code, order.warehouse));
      if (!row) return;
      change(row, qty);
      row.changed = this.stamp();
      touched.push(row);
    };
    for (const r of order.rows) {
      const kit = this.data.kits.get(r.articleCode);
      if (kit) for (const c of kit.components) take(c.articleCode, r.quantity * Number(c.quantity));
      else take(r.articleCode, r.quantity);
    }
    return touched;
  }

  /** Reserve (+1) or release (-1) an order's stock; kits reserve their components. */
  private reserve(order: SimOrder, sign: 1 | -1): StockRow[] {
    return this.eachStockRow(order, (row, qty) => {
      row.reserved = roundQty(Math.max(0, row.reserved + sign * qty));
    });
  }

  /** Ship: stock leaves the warehouse (on hand and reserved both go down). */
  private ship(order: SimOrder): StockRow[] {
    const touched = this.eachStockRow(order, (row, qty) => {
      row.onHand = roundQty(Math.max(0, row.onHand - qty));
      row.reserved = roundQty(Math.max(0, row.reserved - qty));
    });
    for (const r of order.rows) r.deliveredQuantity = r.quantity;
    return touched;
  }

  private statusText(o: SimOrder): string {
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

  private async writeStatus(o: SimOrder): Promise<string> {
    const time = this.stamp();
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
    const f = await this.emitFile('order-status', model, 1);
    o.history.push({ status: o.status, at: time, file: f.name });
    this.log('info', `order ${o.orderNumber} (${o.externalOrderNumber}): ${o.status} -> ${f.name}`);
    this.events.emit('order-status', { orderNumber: o.orderNumber, externalOrderNumber: o.externalOrderNumber, status: o.status, file: f.name });
    return f.name;
  }

  private armStatus(o: SimOrder): void {
    const prev = this.timers.get(o.orderNumber);
    if (prev) clearTimeout(prev);
    this.timers.delete(o.orderNumber);
    if (this.closed || !NEXT_STATUS[o.status]) return;
    const t = setTimeout(() => {
      this.timers.delete(o.orderNumber);
      this.advanceOrder(o.orderNumber).catch((e: unknown) => this.log('error', `order ${o.orderNumber}: ${e instanceof Error ? e.message : String(e)}`));
    }, this.o.statusStepMs);
    this.timers.set(o.orderNumber, t);
  }

  /** Move an imported order to its next status now (and write its Orderstatus file). */
  async advanceOrder(orderNumber: string): Promise<SimOrder> {
    const o = this.data.orders.get(orderNumber);
    if (!o) throw new SimError(`order ${orderNumber} does not exist`, 404);
    if (o.source !== 'import') throw new SimError(`order ${orderNumber} is from the order history, not imported from the shop`);
    const next = NEXT_STATUS[o.status];
    if (!next) throw new SimError(`order ${orderNumber} is ${o.status}: it has no next status`, 409);
    const prev = this.timers.get(orderNumber);
    if (prev) clearTimeout(prev);
    this.timers.delete(orderNumber);
    if (this.closed) return o;
    o.status = next;
    if (next === 'levererad') {
      o.deliveries.push(makeDelivery(this.rng, o.deliveryMethod, o.orderNumber, this.today()));
      const rows = this.ship(o);
      if (rows.length) await this.stockDelta(rows);
    }
    if (next === 'fakturerad') {
      const customer = this.data.customers.get(o.customerNumber);
      const days = this.data.baseData.paymentTerms.find((t) => t.code === customer?.paymentTerms)?.days ?? 30;
      o.invoices.push({ invoiceNumber: String(this.data.next.invoice++), date: this.today(), dueDate: addDays(this.today(), days), amount: orderTotals(o).inclVat, paid: days === 0 });
    }
    await this.writeStatus(o);
    this.armStatus(o);
    return o;
  }

  // ---------------------------------------------------------------------------------------------
  // state

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
    const d = this.data;
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
      filesWritten: this.filesWritten,
    };
  }

  state(): Record<string, unknown> {
    return {
      counts: this.counts(),
      activity: { on: this.activity, intervalMs: this.o.activityMs },
      orders: [...this.data.orders.values()].filter((o) => o.source === 'import').map((o) => this.orderSummary(o)),
      quotes: [...this.data.quotes.values()],
      customerRegistrations: this.registrations,
      duplicates: this.duplicates,
      importErrors: this.importErrors,
      files: this.files,
    };
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = undefined;
    this.activity = false;
  }

  /** Create a contact (KontaktRegistrering). */
  async registerContact(req: { customerNumber: string; firstName: string; lastName: string; email: string; phone?: string; username?: string }): Promise<{ contactId?: string; status: 'registrerad' | 'finns-redan' | 'avvisad'; message?: string }> {
    const c = this.data.customers.get(req.customerNumber);
    if (!c) return { status: 'avvisad', message: `kundnummer ${req.customerNumber} does not exist` };
    if (c.blocked) return { status: 'avvisad', message: `customer ${req.customerNumber} is blocked (sparrad)` };
    const email = req.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { status: 'avvisad', message: `epost "${req.email}" is not an e-mail address` };
    const same = [...this.data.contacts.values()].find((k) => k.email?.toLowerCase() === email);
    if (same) return { contactId: same.contactId, status: 'finns-redan', message: `a contact with this e-mail already exists (customer ${same.customerNumber})` };
    const username = req.username?.trim();
    if (username && [...this.data.contacts.values()].some((k) => k.username?.toLowerCase() === username.toLowerCase())) {
      return { status: 'avvisad', message: `anvandarnamn "${username}" is taken` };
    }
    const k: ContactRecord = clean({
      contactId: String(this.data.next.contact++),
      customerNumber: c.customerNumber,
      firstName: req.firstName.trim(),
      lastName: req.lastName.trim(),
      email,
      phone: req.phone?.trim() || undefined,
      webLogin: !!username,
      username: username || undefined,
      permissions: username ? ['se-priser', 'lagga-order'] : [],
      changed: this.stamp(),
    });
    this.data.contacts.set(k.contactId, k);
    const f = await this.contactDelta([[k, 'ny']]);
    this.log('info', `contact ${k.contactId} registered for customer ${c.customerNumber} -> ${f.name}`);
    this.events.emit('contact-registered', { contactId: k.contactId, customerNumber: c.customerNumber });
    return { contactId: k.contactId, status: 'registrerad' };
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
