/**
 * The change API (admin API, CLI, activity mode): stock, prices and articles changed in the register,
 * each change written out as its delta files.
 */
import { listPricesFor } from './pricing';
import { fmtQty, fromMinor, lineAmount, parseQty, roundQty, toMinor } from './money';
import { addDays } from './history';
import { stockKey } from './dataset';
import { ARTICLE_FIELDS as ARTICLE_MAP } from './dialect';
import { checkRecord, FileError } from './xmlfile';
import { clean, SimError, type Action, type SimCore } from './core';
import type { FileWriter } from './writer';
import type { ArticleRecord, PriceListPrice, StockRow, WrittenFile } from './types';

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
  // a customer's own elements the sheet does not know (<Webbkategori>...), written as they are
  'extra',
] as const;

export class Changes {
  constructor(
    private readonly c: SimCore,
    private readonly w: FileWriter,
  ) {}

  // changes (admin API, activity mode)

  article(code: unknown): ArticleRecord {
    if (typeof code !== 'string' || code.trim() === '') throw new SimError('articleCode is required');
    const a = this.c.data.articles.get(code.trim());
    if (!a) throw new SimError(`article ${code} does not exist`, 404);
    return a;
  }

  /** Set a stock quantity: `available` (on hand = available + reserved), `onHand`, or add `delta`. */
  async changeStock(req: { articleCode?: unknown; warehouse?: unknown; available?: unknown; onHand?: unknown; delta?: unknown; incoming?: unknown; nextDeliveryDate?: unknown }): Promise<{ row: Record<string, unknown>; file: WrittenFile }> {
    const a = this.article(req.articleCode);
    const wh = typeof req.warehouse === 'string' && req.warehouse.trim() ? req.warehouse.trim().toUpperCase() : 'HUV';
    if (!this.c.data.baseData.warehouses.some((w) => w.code === wh)) {
      throw new SimError(`warehouse ${wh} does not exist (known: ${this.c.data.baseData.warehouses.map((w) => w.code).join(', ')})`);
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
    const row = this.c.data.stock.get(key) ?? { articleCode: a.articleCode, warehouse: wh, onHand: 0, reserved: 0, incoming: 0, changed: this.c.stamp() };
    if (available !== undefined) row.onHand = roundQty(Math.max(0, available) + row.reserved);
    if (onHand !== undefined) row.onHand = Math.max(0, onHand);
    if (delta !== undefined) row.onHand = roundQty(Math.max(0, row.onHand + delta));
    if (incoming !== undefined) {
      row.incoming = Math.max(0, incoming);
      if (row.incoming > 0) row.nextDeliveryDate = typeof req.nextDeliveryDate === 'string' ? req.nextDeliveryDate : addDays(this.c.today(), 7);
    }
    row.changed = this.c.stamp();
    this.c.data.stock.set(key, row);
    const file = await this.w.stockDelta([row]);
    this.c.log('info', `stock ${a.articleCode} ${wh}: available ${fmtQty(Math.max(0, row.onHand - row.reserved))} -> ${file.name}`);
    this.c.events.emit('change', { kind: 'stock', articleCode: a.articleCode, warehouse: wh });
    return { row: this.w.stockModel(row), file };
  }

  /** Recompute an article's price-list rows after its base price changed (tiers keep their ratios). */
  repriceLists(a: ArticleRecord, oldBase: number): PriceListPrice[] {
    const newBase = toMinor(a.basePrice);
    const changed: PriceListPrice[] = [];
    for (const p of this.c.data.priceListPrices) {
      if (p.articleCode !== a.articleCode || p.campaign) continue;
      p.price = oldBase > 0 ? Math.round((p.price * newBase) / oldBase) : p.price;
      changed.push(p);
    }
    if (!changed.length) {
      const kind = this.c.data.articleKinds.get(a.articleCode) ?? 'simple';
      const rows = listPricesFor(this.c.data.baseData, a, kind, 1.15, true);
      this.c.data.priceListPrices.push(...rows);
      changed.push(...rows);
    }
    this.c.prices.invalidate();
    return changed;
  }

  /** Kits priced as the sum of their components follow their components' price. */
  repriceKits(code: string): [ArticleRecord, Action][] {
    const out: [ArticleRecord, Action][] = [];
    for (const k of this.c.data.kits.values()) {
      if (k.priceType !== 'summa' || !k.components.some((c) => c.articleCode === code)) continue;
      const sum = k.components.reduce((s, c) => s + lineAmount(Number(c.quantity), toMinor(this.c.data.articles.get(c.articleCode)?.basePrice ?? '0')), 0);
      const ka = this.c.data.articles.get(k.articleCode);
      if (!ka) continue;
      ka.basePrice = fromMinor(sum);
      ka.changed = this.c.stamp();
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
    if (this.c.data.articleKinds.get(a.articleCode) === 'parent') throw new SimError(`article ${a.articleCode} is a variant parent (huvudartikel): price its variants`);
    const files: WrittenFile[] = [];
    if (req.priceList !== undefined && req.priceList !== '') {
      const list = this.c.data.baseData.priceLists.find((l) => l.code === String(req.priceList).trim().toUpperCase());
      if (!list) throw new SimError(`price list ${String(req.priceList)} does not exist (known: ${this.c.data.baseData.priceLists.map((l) => l.code).join(', ')})`);
      const from = req.fromQuantity === undefined ? 1 : parseQty(String(req.fromQuantity));
      let row = this.c.data.priceListPrices.find((p) => p.priceList === list.code && p.articleCode === a.articleCode && p.fromQuantity === from && !p.campaign);
      if (!row) {
        row = { priceList: list.code, articleCode: a.articleCode, fromQuantity: from, price: minor };
        this.c.data.priceListPrices.push(row);
      }
      row.price = minor;
      this.c.prices.invalidate();
      files.push(await this.w.priceDelta([row]));
      this.c.log('info', `price ${a.articleCode} in ${list.code} from ${fmtQty(from)}: ${fromMinor(minor)} ${list.currency} -> ${files[0].name}`);
    } else {
      const old = toMinor(a.basePrice);
      a.basePrice = fromMinor(minor);
      a.changed = this.c.stamp();
      const rows = this.repriceLists(a, old);
      files.push(await this.w.articleDelta([[a, 'andrad'], ...this.repriceKits(a.articleCode)]));
      files.push(await this.w.priceDelta(rows));
      this.c.log('info', `base price ${a.articleCode}: ${fromMinor(old)} -> ${a.basePrice} SEK -> ${files.map((f) => f.name).join(', ')}`);
    }
    this.c.events.emit('change', { kind: 'price', articleCode: a.articleCode });
    return { files };
  }

  /**
   * Change, create or remove an article: `{articleCode, ...fields}` with the Artikeldata JSON keys
   * (description, webActive, basePrice, ...); `{articleCode, remove: true}` removes it.
   */
  async changeArticle(req: Record<string, unknown>): Promise<{ article?: Record<string, unknown>; action: Action; file: WrittenFile }> {
    const code = typeof req.articleCode === 'string' ? req.articleCode.trim() : '';
    if (!code) throw new SimError('articleCode is required');
    const existing = this.c.data.articles.get(code);
    if (req.remove === true) {
      if (!existing) throw new SimError(`article ${code} does not exist`, 404);
      if (this.c.data.articleKinds.get(code) === 'parent' && [...this.c.data.articles.values()].some((a) => a.parentArticle === code)) {
        throw new SimError(`article ${code} is the parent of variants: remove the variants first`);
      }
      this.c.data.articles.delete(code);
      for (const k of [...this.c.data.stock.keys()]) if (k.startsWith(`${code}|`)) this.c.data.stock.delete(k);
      this.c.data.priceListPrices = this.c.data.priceListPrices.filter((p) => p.articleCode !== code);
      this.c.data.customerPrices = this.c.data.customerPrices.filter((p) => p.articleCode !== code);
      this.c.prices.invalidate();
      existing.changed = this.c.stamp();
      const file = await this.w.articleDelta([[existing, 'borttagen']]);
      this.c.log('info', `article ${code} removed -> ${file.name}`);
      this.c.events.emit('change', { kind: 'article', articleCode: code, action: 'borttagen' });
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
    const candidate = { ...base, ...changes, changed: this.c.stamp() };
    let validated: ArticleRecord;
    try {
      validated = checkRecord(ARTICLE_MAP, candidate, `article ${code}`) as unknown as ArticleRecord;
    } catch (e) {
      throw new SimError(e instanceof FileError ? e.message : String(e));
    }
    for (const k of ['webCategories', 'properties', 'variantProperties', 'images'] as const) validated[k] ??= [];
    if (validated.parentArticle && !this.c.data.articles.has(validated.parentArticle)) throw new SimError(`parentArticle ${validated.parentArticle} does not exist`);
    if (!this.c.data.baseData.vatCodes.some((v) => v.code === validated.vatCode)) throw new SimError(`vatCode ${validated.vatCode} does not exist`);
    const oldBase = existing ? toMinor(existing.basePrice) : 0;
    const record = clean(validated) as ArticleRecord;
    this.c.data.articles.set(code, record);
    if (!existing) this.c.data.articleKinds.set(code, record.parentArticle ? 'variant' : 'simple');
    const deltas: [ArticleRecord, Action][] = [[record, action]];
    let priceRows: PriceListPrice[] = [];
    if (!existing || oldBase !== toMinor(record.basePrice)) {
      priceRows = this.repriceLists(record, oldBase);
      deltas.push(...this.repriceKits(code));
    }
    if (!existing && record.stocked) {
      const row: StockRow = { articleCode: code, warehouse: 'HUV', onHand: 0, reserved: 0, incoming: 0, changed: this.c.stamp() };
      this.c.data.stock.set(stockKey(code, 'HUV'), row);
    }
    const file = await this.w.articleDelta(deltas);
    if (priceRows.length) await this.w.priceDelta(priceRows);
    this.c.log('info', `article ${code} ${action === 'ny' ? 'created' : 'changed'} (${Object.keys(changes).join(', ')}) -> ${file.name}`);
    this.c.events.emit('change', { kind: 'article', articleCode: code, action });
    return { article: this.w.articleModel(record), action, file };
  }
}
