/**
 * Prices: the three price lists (with quantity tiers and campaigns), the customer agreements, and
 * the price Pyramid quotes a customer for an article and a quantity (KundPris), in the order
 * Pyramid applies them: agreement, then campaign, then price list (less the customer's general
 * discount), then the base price converted to the currency.
 */
import { Random } from './random';
import { convert, lineAmount, psychological, toMinor } from './money';
import { rateOf, vatPercentOf } from './basedata';
import type { ArticleKind, ArticleRecord, BaseData, CustomerPrice, CustomerRecord, KitRecord, PriceListPrice, SimData } from './types';

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const TIERED_GROUPS = /^(FAST|VERK-TILL|METV)/;

/** Consumer price incl. VAT from a base price excl. VAT. */
function consumerPrice(baseMinor: number, vatPercent: number, markup: number): number {
  return psychological(Math.round(baseMinor * (1 + vatPercent / 100) * markup));
}

export interface PriceSeed {
  priceListPrices: PriceListPrice[];
  customerPrices: CustomerPrice[];
}

/** The price-list rows of one article (all three lists, tiers included). */
export function listPricesFor(bd: BaseData, a: ArticleRecord, kind: ArticleKind, markup: number, inExport: boolean): PriceListPrice[] {
  const out: PriceListPrice[] = [];
  if (kind === 'parent') return out;
  const base = toMinor(a.basePrice);
  const vat = vatPercentOf(bd, a.vatCode);
  const tiered = TIERED_GROUPS.test(a.articleGroup) && kind !== 'kit';
  const tiers: [number, number][] = tiered ? (a.unit === 'm' ? [[1, 1], [50, 0.9], [100, 0.85]] : [[1, 1], [10, 0.92], [50, 0.85]]) : [[1, 1]];
  for (const [from, f] of tiers) out.push({ priceList: 'BAS', articleCode: a.articleCode, fromQuantity: from, price: Math.round(base * f) });
  if (a.webActive) out.push({ priceList: 'KONS', articleCode: a.articleCode, fromQuantity: 1, price: consumerPrice(base, vat, markup) });
  if (inExport) {
    const eur = convert(Math.round(base * 1.05), 1, rateOf(bd, 'EUR'));
    for (const [from, f] of tiers) out.push({ priceList: 'EUR', articleCode: a.articleCode, fromQuantity: from, price: Math.round(eur * f) });
  }
  return out;
}

export function generatePrices(
  seed: string | number,
  bd: BaseData,
  articles: ArticleRecord[],
  kinds: Map<string, ArticleKind>,
  _kits: KitRecord[],
  customers: CustomerRecord[],
  today: string,
): PriceSeed {
  const rng = new Random(seed, 'prices');
  const priceListPrices: PriceListPrice[] = [];
  for (const a of articles) {
    const kind = kinds.get(a.articleCode) ?? 'simple';
    const inExport = a.articleGroup !== 'OVR' && rng.chance(0.65);
    priceListPrices.push(...listPricesFor(bd, a, kind, 1.05 + rng.next() * 0.2, inExport));
  }
  // campaigns in the consumer list: current, expired and coming
  const konsRows = priceListPrices.filter((p) => p.priceList === 'KONS' && kinds.get(p.articleCode) === 'simple');
  const campaigns: [number, number, number][] = [
    [40, -7, 21],
    [10, -60, -30],
    [5, 10, 40],
  ];
  for (const [count, from, until] of campaigns) {
    for (const row of rng.sample(konsRows, count)) {
      priceListPrices.push({
        priceList: 'KONS',
        articleCode: row.articleCode,
        fromQuantity: 1,
        price: psychological(Math.round(row.price * 0.8)),
        validFrom: addDays(today, from),
        validUntil: addDays(today, until),
        campaign: true,
      });
    }
  }

  // customer agreements: the demo customers and about 70 other companies
  const customerPrices: CustomerPrice[] = [];
  const sellable = articles.filter((a) => kinds.get(a.articleCode) !== 'parent' && kinds.get(a.articleCode) !== 'kit');
  const year = today.slice(0, 4);
  const baseOf = (code: string, list: string): number | undefined =>
    priceListPrices.find((p) => p.priceList === list && p.articleCode === code && p.fromQuantity === 1 && !p.campaign)?.price;
  const agree = (c: CustomerRecord, n: number, tiers: boolean) => {
    const list = c.priceList;
    for (const a of rng.sample(sellable, n)) {
      const lp = baseOf(a.articleCode, list);
      if (lp === undefined) continue;
      const validFrom = `${year}-01-01`;
      const validUntil = rng.chance(0.7) ? `${year}-12-31` : undefined;
      if (rng.chance(0.6)) {
        customerPrices.push({ customerNumber: c.customerNumber, articleCode: a.articleCode, fromQuantity: 1, price: Math.round(lp * (0.75 + rng.next() * 0.17)), validFrom, validUntil });
        if (tiers && rng.chance(0.3)) {
          customerPrices.push({ customerNumber: c.customerNumber, articleCode: a.articleCode, fromQuantity: 20, price: Math.round(lp * 0.7), validFrom, validUntil });
        }
      } else {
        customerPrices.push({ customerNumber: c.customerNumber, articleCode: a.articleCode, fromQuantity: 1, discountBp: rng.pick([500, 1000, 1500, 2000, 2500]), validFrom, validUntil });
      }
    }
    // one agreement that ran out last year: it must not apply
    const old = rng.pick(sellable);
    const lp = baseOf(old.articleCode, list);
    if (lp !== undefined) {
      customerPrices.push({ customerNumber: c.customerNumber, articleCode: old.articleCode, fromQuantity: 1, price: Math.round(lp * 0.5), validFrom: `${Number(year) - 1}-01-01`, validUntil: `${Number(year) - 1}-12-31` });
    }
  };
  const byNumber = new Map(customers.map((c) => [c.customerNumber, c]));
  agree(byNumber.get('10001') as CustomerRecord, 30, true);
  agree(byNumber.get('10003') as CustomerRecord, 10, false);
  const companies = customers.filter((c) => !c.privatePerson && !['10001', '10003'].includes(c.customerNumber));
  for (const c of rng.sample(companies, 70)) agree(c, rng.int(3, 20), rng.chance(0.3));
  return { priceListPrices, customerPrices };
}

export type PriceSource = 'avtal' | 'prislista' | 'kampanj' | 'grundpris';

export interface PriceQuote {
  articleCode: string;
  quantity: number;
  listPrice: number;
  discountBp: number;
  netPrice: number;
  currency: string;
  includesVat: boolean;
  vatPercent: number;
  source: PriceSource;
  validUntil?: string;
}

function valid(row: { validFrom?: string; validUntil?: string }, today: string): boolean {
  return (!row.validFrom || row.validFrom <= today) && (!row.validUntil || row.validUntil >= today);
}

/** Lookups over the price rows; rebuilt when a price changes. */
export class PriceIndex {
  private lists?: Map<string, PriceListPrice[]>;
  private agreements?: Map<string, CustomerPrice[]>;

  constructor(private readonly data: SimData) {}

  invalidate(): void {
    this.lists = undefined;
    this.agreements = undefined;
  }

  listRows(list: string, articleCode: string): PriceListPrice[] {
    if (!this.lists) {
      this.lists = new Map();
      for (const p of this.data.priceListPrices) {
        const k = `${p.priceList}|${p.articleCode}`;
        const arr = this.lists.get(k);
        if (arr) arr.push(p);
        else this.lists.set(k, [p]);
      }
    }
    return this.lists.get(`${list}|${articleCode}`) ?? [];
  }

  agreementRows(customerNumber: string, articleCode: string): CustomerPrice[] {
    if (!this.agreements) {
      this.agreements = new Map();
      for (const p of this.data.customerPrices) {
        const k = `${p.customerNumber}|${p.articleCode}`;
        const arr = this.agreements.get(k);
        if (arr) arr.push(p);
        else this.agreements.set(k, [p]);
      }
    }
    return this.agreements.get(`${customerNumber}|${articleCode}`) ?? [];
  }

  /** The price of an article for a customer, or undefined for an unknown article or currency. */
  quote(customer: CustomerRecord, articleCode: string, quantity: number, currency: string | undefined, today: string): PriceQuote | undefined {
    const bd = this.data.baseData;
    const a = this.data.articles.get(articleCode);
    if (!a) return undefined;
    const cur = currency || customer.currency || 'SEK';
    if (!bd.currencies.some((c) => c.code === cur)) return undefined;
    const vatPercent = vatPercentOf(bd, a.vatCode);
    const vatBp = vatPercent * 100;
    let list = bd.priceLists.find((l) => l.code === customer.priceList);
    if (list && list.currency !== cur) list = bd.priceLists.find((l) => l.currency === cur);
    const q = quantity > 0 ? quantity : 1;
    const best = <T extends { fromQuantity: number }>(rows: T[]): T | undefined =>
      rows.filter((r) => r.fromQuantity <= q).sort((x, y) => y.fromQuantity - x.fromQuantity)[0];

    let listPrice: number;
    let includesVat: boolean;
    let source: PriceSource;
    const listRow = list ? best(this.listRows(list.code, articleCode).filter((r) => !r.campaign && valid(r, today))) : undefined;
    if (list && listRow) {
      listPrice = listRow.price;
      includesVat = list.includesVat;
      source = 'prislista';
    } else {
      listPrice = convert(toMinor(a.basePrice), rateOf(bd, a.basePriceCurrency || 'SEK'), rateOf(bd, cur));
      includesVat = false;
      source = 'grundpris';
    }
    const result: PriceQuote = { articleCode, quantity: q, listPrice, discountBp: 0, netPrice: listPrice, currency: cur, includesVat, vatPercent, source };

    const agreement = cur === customer.currency ? best(this.agreementRows(customer.customerNumber, articleCode).filter((r) => valid(r, today))) : undefined;
    if (agreement) {
      if (agreement.price !== undefined) {
        // agreement prices are net prices excl. VAT: compare with the list price excl. VAT
        if (includesVat) {
          result.listPrice = Math.round((listPrice * 10000) / (10000 + vatBp));
          result.includesVat = false;
        }
        result.netPrice = agreement.price;
        result.discountBp = result.listPrice > 0 ? Math.round((1 - agreement.price / result.listPrice) * 10000) : 0;
      } else {
        result.discountBp = agreement.discountBp ?? 0;
        result.netPrice = lineAmount(1, listPrice, result.discountBp);
      }
      result.source = 'avtal';
      if (agreement.validUntil) result.validUntil = agreement.validUntil;
      return result;
    }
    const generalBp = customer.discountPercent ? Math.round(Number(customer.discountPercent) * 100) : 0;
    const general = lineAmount(1, listPrice, generalBp);
    const campaign = list ? best(this.listRows(list.code, articleCode).filter((r) => r.campaign && valid(r, today))) : undefined;
    if (campaign && campaign.price < general) {
      result.netPrice = campaign.price;
      result.discountBp = listPrice > 0 ? Math.round((1 - campaign.price / listPrice) * 10000) : 0;
      result.source = 'kampanj';
      if (campaign.validUntil) result.validUntil = campaign.validUntil;
      return result;
    }
    if (generalBp) {
      result.netPrice = general;
      result.discountBp = generalBp;
    }
    return result;
  }
}
