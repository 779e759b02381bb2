/** The whole seeded data set: articles, stock, customers, contacts, prices, order history. */
import { localStamp as localTimestamp } from './xmlfile';
import { Random } from './random';
import { baseData, WAREHOUSES } from './basedata';
import { generateArticles } from './articles';
import { generateParties } from './parties';
import { generatePrices, PriceIndex } from './pricing';
import { addDays, generateHistory } from './history';
import { hashPassword, unknownPassword } from './passwords';
import type { Colour } from './vocabulary';
import type { DemoUser, SimData, StockRow } from './types';

export interface DataSet {
  data: SimData;
  prices: PriceIndex;
  demoUsers: DemoUser[];
  colourOf: Map<string, Colour>;
}

const PASSWORD_WORDS = ['Snickare', 'Granskog', 'Tumstock', 'Vattenpass', 'Hyvelbank', 'Takstol', 'Spikpistol', 'Fogsvans', 'Bergsklack', 'Sjobod'];

export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function stockKey(articleCode: string, warehouse: string): string {
  return `${articleCode}|${warehouse}`;
}

export async function createDataSet(seed: string | number, now: Date): Promise<DataSet> {
  const today = isoDate(now);
  // "last changed" times spread over the last 400 days
  const changed = (rng: Random) => localTimestamp(new Date(now.getTime() - Math.floor(rng.next() * 400 * 86_400) * 1000));
  const bd = baseData();
  const art = generateArticles(seed, changed);
  const parties = generateParties(seed, changed);

  const data: SimData = {
    baseData: bd,
    articles: new Map(art.articles.map((a) => [a.articleCode, a])),
    articleKinds: art.kinds,
    kits: new Map(art.kits.map((k) => [k.articleCode, k])),
    stock: new Map(),
    customers: new Map(parties.customers.map((c) => [c.customerNumber, c])),
    contacts: new Map(parties.contacts.map((c) => [c.contactId, c])),
    logins: new Map(),
    priceListPrices: [],
    customerPrices: [],
    orders: new Map(),
    quotes: new Map(),
    next: { order: 100001, quote: 700001, customer: 10501, contact: 20001 + parties.contacts.length, invoice: 500001 },
  };

  // stock: every stocked article in the main warehouse, some in the other two
  const rng = new Random(seed, 'stock');
  for (const a of art.articles) {
    if (!a.stocked) continue;
    const expensive = Number(a.basePrice) > 1000;
    for (const wh of WAREHOUSES) {
      if (wh === 'GBG' && !rng.chance(0.45)) continue;
      if (wh === 'MMA' && !rng.chance(0.2)) continue;
      const onHand = rng.chance(0.08) ? 0 : expensive ? rng.int(1, 40) : rng.int(5, 400);
      const row: StockRow = {
        articleCode: a.articleCode,
        warehouse: wh,
        onHand,
        reserved: onHand > 0 && rng.chance(0.3) ? rng.int(1, Math.min(onHand, 10)) : 0,
        incoming: 0,
        changed: changed(rng),
      };
      if (rng.chance(0.2) || onHand === 0) {
        row.incoming = rng.int(10, 200);
        row.nextDeliveryDate = addDays(today, rng.int(3, 30));
      }
      data.stock.set(stockKey(a.articleCode, wh), row);
    }
  }

  const prices = generatePrices(seed, bd, art.articles, art.kinds, art.kits, parties.customers, today);
  data.priceListPrices = prices.priceListPrices;
  data.customerPrices = prices.customerPrices;
  const index = new PriceIndex(data);

  // web logins: the demo users get a real password (hashed); other active users one nobody knows
  const pw = new Random(seed, 'demo-passwords');
  const demoUsers: DemoUser[] = [];
  const demoByContact = new Map(parties.demo.map((d) => [d.contactId, d]));
  const hashing: Promise<void>[] = [];
  for (const [contactId, state] of parties.logins) {
    const d = demoByContact.get(contactId);
    if (d) {
      const password = `${pw.pick(PASSWORD_WORDS)}-${pw.digits(4)}`;
      demoUsers.push({ ...d, password });
      hashing.push(hashPassword(password).then((s) => void data.logins.set(contactId, s)));
    } else if (state === 'aktiv' || state === 'last') {
      const s = unknownPassword();
      s.locked = state === 'last';
      data.logins.set(contactId, s);
    }
    // 'ej-aktiverad': web login allowed but no password set yet
  }
  await Promise.all(hashing);
  demoUsers.sort((a, b) => a.customerNumber.localeCompare(b.customerNumber));

  generateHistory(seed, data, index, today);
  index.invalidate();
  return { data, prices: index, demoUsers, colourOf: art.colourOf };
}
