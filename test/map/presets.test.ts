/**
 * Every preset against the catalogue's fixtures (or the shop's samples): the WooCommerce shapes of
 * contract.md, and Pyramid models the catalogue accepts (built to XML, validated).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage, parseMessage, validateModel } from '../../lib';
import { getPreset, keyFieldsOf, Mapping, PRESETS, WOO_SAMPLES, type MapResult, type RunContext } from '../../lib/map';
import { fixturesDir } from '../support/paths';

type Rec = Record<string, unknown>;

function fixture(name: string, part?: 'request' | 'response'): Rec {
  const type = name.split('.')[0];
  return parseMessage(type, fs.readFileSync(path.join(fixturesDir, `${name}.xml`)), part ? { part } : {});
}

const ENV: Record<string, unknown> = {
  VAT_PERCENT: '25',
  WEB_PRICE_LIST: '01',
  WEB_CUSTOMER: '10500',
  DELIVERY_METHODS: { 'PostNord MyPack Collect': 'PN-MB', 'DHL Service Point': 'DHL-SP' },
};

async function run(id: string, input: unknown, ctx: RunContext = {}): Promise<MapResult> {
  const p = getPreset(id);
  assert.ok(p, id);
  const m = new Mapping({ ...p, keyFields: keyFieldsOf(p.sourceType, p.source) });
  assert.deepEqual(m.problems, [], id);
  const r = await m.run(input, { env: (n) => ENV[n], bindings: { now: () => '2026-12-01T08:00:00.000Z' }, ...ctx });
  assert.deepEqual(r.invalid.map((i) => i.reason), [], id);
  return r;
}

const meta = (rec: Rec, key: string): unknown => (rec.meta_data as { key: string; value: unknown }[]).find((m) => m.key === key)?.value;

describe('presets: Pyramid → WooCommerce', () => {
  it('Artikel → simple products, variable parents and variations', async () => {
    const model = fixture('article') as { articles: Rec[] };
    const out = (await run('article-product', model)).output as Rec[];
    assert.equal(out.length, model.articles.length);
    const bySku = new Map(out.map((p) => [p.sku as string, p]));
    const screw = bySku.get('00123') as Rec;
    assert.equal(screw.type, 'simple');
    assert.equal(screw.name, 'Skruv rostfri M6x20 A4');
    assert.equal(screw.status, 'publish');
    assert.equal(screw.weight, '0.006');
    assert.equal(screw.manage_stock, true);
    assert.deepEqual((screw.attributes as Rec[])[0], { name: 'Material', options: ['Rostfritt stål A4'], visible: true });
    assert.equal(meta(screw, '_pyramid_unit'), 'st');
    assert.equal(meta(screw, '_pyramid_article_group'), '00110');
    assert.equal(meta(screw, '_ean'), '07350012300123');
    for (const a of model.articles) {
      const p = bySku.get(a.articleCode as string) as Rec;
      if (a.parentArticle) {
        // a variation: under its parent, with its variant's attribute options
        assert.equal(p.parent_sku, a.parentArticle);
        assert.equal(p.type, undefined);
        assert.deepEqual(p.attributes, ((a.variantProperties as Rec[]) ?? []).map((v) => ({ name: v.name, option: v.value })));
        assert.equal(bySku.get(a.parentArticle as string)?.type ?? 'variable', 'variable');
      }
      if (a.webActive === false) assert.equal(p.status, 'draft');
      if (a.action === 'borttagen') assert.equal(p.unpublish, true);
      else assert.equal(p.unpublish, undefined);
    }
    const parents = out.filter((p) => p.type === 'variable');
    assert.ok(parents.length >= 1, 'the fixture has a variant parent');
    assert.ok(out.some((p) => p.parent_sku), 'the fixture has variations');
  });

  it('Setartikel → kit products', async () => {
    const model = fixture('kit-article') as { kits: Rec[] };
    const out = (await run('kit-product', model)).output as Rec[];
    assert.equal(out.length, model.kits.length);
    const own = out.find((p) => p.sku === '08800') as Rec;
    assert.equal(own.regular_price, '1868.75'); // 1495.00 + 25 %
    assert.equal(own.type, 'simple');
    assert.equal(meta(own, '_pyramid_kit'), 'yes');
    assert.deepEqual(JSON.parse(meta(own, '_pyramid_components') as string)[0], { sku: '07700', quantity: '1' });
    assert.equal(out.find((p) => p.sku === 'SET-00123')?.regular_price, undefined); // priced as the sum: no own price
    assert.equal(out.find((p) => p.sku === '08900')?.unpublish, true);
  });

  it('Lagersaldo → stock: available summed over the web warehouses, whole units, never below 0', async () => {
    const model = fixture('stock') as { stock: Rec[] };
    const out = (await run('stock-shop', model)).output as Rec[];
    assert.deepEqual(out.find((s) => s.sku === '00123'), { sku: '00123', stock_quantity: 4660 + 1200 + 35 });
    assert.deepEqual(out.find((s) => s.sku === '09100'), { sku: '09100', stock_quantity: 1225 });
    assert.deepEqual(out.find((s) => s.sku === '04500-SV-L'), { sku: '04500-SV-L', stock_quantity: 12 });
    // only the warehouses the customer sells from
    const two = (await run('stock-shop', model, { env: (n) => (n === 'WEB_WAREHOUSES' ? '01,02' : undefined) })).output as Rec[];
    assert.deepEqual(two.find((s) => s.sku === '00123'), { sku: '00123', stock_quantity: 4660 + 1200 });
    assert.deepEqual(two.find((s) => s.sku === '04500-SV-L'), { sku: '04500-SV-L', stock_quantity: 10 });
    // negative availability counts as 0
    const neg = (await run('stock-shop', { stock: [{ articleCode: 'X', warehouse: '01', available: '-3.5' }] })).output;
    assert.deepEqual(neg, [{ sku: 'X', stock_quantity: 0 }]);
  });

  it('Pris fullständig → regular and sale prices of the web price list, with VAT', async () => {
    const model = fixture('price-list');
    const out = (await run('price-list-prices', model)).output as Rec[];
    assert.deepEqual(out.find((p) => p.sku === '00123'), { sku: '00123', regular_price: '15.63', sale_price: '' });
    assert.deepEqual(out.find((p) => p.sku === '00124'), { sku: '00124', regular_price: '2.38', sale_price: '' });
    // a price with an end date is a campaign: the sale price while it runs
    assert.deepEqual(out.find((p) => p.sku === '04500-SV-L'), { sku: '04500-SV-L', sale_price: '936.25' });
    // a list that includes VAT is taken as it is
    const incl = (await run('price-list-prices', model, { env: (n) => ({ ...ENV, WEB_PRICE_LIST: '02' })[n] })).output as Rec[];
    assert.deepEqual(incl.find((p) => p.sku === '00123'), { sku: '00123', regular_price: '15.63', sale_price: '' });
  });

  it('Orderstatus → order update with status, tracking meta and a note', async () => {
    const out = (await run('order-status-order', fixture('order-status'))).output as Rec[];
    assert.equal(out.length, 1);
    const u = out[0];
    assert.equal(u.id, 10042);
    assert.equal(u.status, 'completed');
    assert.equal(u.customer_note, true);
    assert.match(u.note as string, /^Pyramid: Levererad i två kollin.* \(PostNord Sverige AB 00370712345678901234\)$/);
    assert.equal(meta(u, '_pyramid_order_number'), '0045871');
    assert.equal(meta(u, '_tracking_number'), '00370712345678901234');
    assert.equal(meta(u, '_carrier'), 'PostNord Sverige AB');
    // an order that did not come from the shop: nothing to do
    const other = await run('order-status-order', { ...fixture('order-status'), externalOrderNumber: 'EDI-991' });
    assert.deepEqual(other.output, []);
    const status = async (s: string): Promise<unknown> => ((await run('order-status-order', { externalOrderNumber: 'WC-5', status: s })).output as Rec[])[0].status;
    assert.deepEqual(await Promise.all(['registrerad', 'plockas', 'levererad', 'fakturerad', 'makulerad'].map(status)), ['processing', 'processing', 'completed', 'completed', 'cancelled']);
    const plain = ((await run('order-status-order', { externalOrderNumber: 'WC-5', status: 'plockas' })).output as Rec[])[0];
    assert.equal(plain.note, 'Pyramid: plockas');
    assert.equal(meta(plain, '_tracking_number'), undefined);
  });
});

describe('presets: WooCommerce → Pyramid', () => {
  it('WooCommerce order → an Order the catalogue accepts', async () => {
    const order = (await run('woo-order-order', WOO_SAMPLES.order)).output as Rec;
    validateModel('order', order);
    assert.ok(buildMessage('order', order, { encoding: 'windows-1252' }).length > 500);
    assert.equal(order.externalOrderNumber, 'WC-10042');
    assert.equal(order.customerNumber, '10500');
    assert.equal(order.deliveryMethod, 'PN-MB');
    assert.equal(order.customerOrderNumber, 'IO-2026-0118');
    assert.deepEqual(order.freight, { amount: '79.00', vatPercent: '25' });
    assert.equal(order.totalExclVat, '2292.00');
    const rows = order.rows as Rec[];
    assert.deepEqual(rows[0], { rowNumber: 1, articleCode: '00123', description: 'Skruv rostfri M6x20 A4', quantity: '160', unitPrice: '12.45', vatPercent: '25' });
    assert.equal(rows[1].unitPrice, '1.90');
    assert.equal(rows[1].vatPercent, '25');
    assert.deepEqual(order.invoiceAddress, { name: 'Björk & Söner AB', co: 'Åsa Lindqvist', address1: 'Box 1234', postalCode: '411 38', city: 'Göteborg', country: 'SE', phone: '031-712 45 60' });
    // a known buyer is booked on their own customer number
    const known = (await run('woo-order-order', WOO_SAMPLES.order, { global: (k) => (k === 'pyramidCustomersByEmail' ? { 'asa.lindqvist@bjorkosoner.se': '010017' } : undefined) })).output as Rec;
    assert.equal(known.customerNumber, '010017');
  });

  it('WooCommerce order (quote request) → an Offert the catalogue accepts', async () => {
    const quote = (await run('woo-quote-offert', WOO_SAMPLES.quote)).output as Rec;
    validateModel('quote', quote);
    buildMessage('quote', quote);
    assert.equal(quote.externalQuoteNumber, 'WQ-5531');
    assert.equal(quote.customerNumber, '010388');
    assert.equal(quote.validUntil, '2026-12-28');
    assert.deepEqual((quote.rows as Rec[])[1], { rowNumber: 2, articleCode: '04500-SV-L', description: 'Arbetsjacka Vinter svart L', quantity: '40' });
  });

  it('WooCommerce customer → a Kund registration the catalogue accepts', async () => {
    const kund = (await run('woo-customer-kund', WOO_SAMPLES.customer)).output as Rec;
    validateModel('customer', kund);
    buildMessage('customer', kund);
    const c = (kund.customers as Rec[])[0];
    assert.equal(c.externalCustomerId, 'WC-5531');
    assert.equal(c.name, 'Ek & Lönn Snickeri AB');
    assert.equal(c.privatePerson, false);
    const person = (await run('woo-customer-kund', { id: 9, email: 'kim@example.se', first_name: 'Kim', last_name: 'Ek', billing: { first_name: 'Kim', last_name: 'Ek', address_1: 'Gatan 1', postcode: '111 22', city: 'Stockholm', country: '' } })).output as Rec;
    validateModel('customer', person);
    assert.deepEqual((person.customers as Rec[])[0], { externalCustomerId: 'WC-9', name: 'Kim Ek', privatePerson: true, email: 'kim@example.se', invoiceAddress: { name: 'Kim Ek', address1: 'Gatan 1', postalCode: '111 22', city: 'Stockholm', country: 'SE' } });
  });
});

describe('presets: the five web services', () => {
  const req = (params: Rec, query: Rec = {}): RunContext => ({ msg: { req: { params, query } } });

  it('what the shop sends → request models the catalogue accepts', async () => {
    const login = fixture('login.request', 'request');
    assert.deepEqual((await run('ws-login-request', { username: login.username, password: login.password })).output, login);
    validateModel('login', (await run('ws-login-request', login)).output, { part: 'request' });

    const cp = fixture('customer-price.request', 'request') as { rows: Rec[] };
    const sent = { ...cp, rows: cp.rows.map((r, i) => (i === 0 ? { sku: r.articleCode, quantity: Number(r.quantity) } : r)) };
    const cpOut = (await run('ws-customer-price-request', sent)).output as { rows: Rec[] };
    validateModel('customer-price', cpOut, { part: 'request' });
    assert.deepEqual(cpOut.rows[0], { articleCode: '00123', quantity: '100' });

    const oh = (await run('ws-order-history-request', {}, req({ customerNumber: '010017' }, { page: '2' }))).output;
    assert.deepEqual(oh, { customerNumber: '010017', page: 2, perPage: 20 });
    validateModel('order-history', oh, { part: 'request' });

    const contact = fixture('contact.request', 'request');
    assert.deepEqual((await run('ws-contact-request', contact)).output, contact);

    const img = (await run('ws-images-request', {}, req({ articleCode: '04500' }))).output;
    assert.deepEqual(img, { articleCode: '04500' });
    validateModel('images', img, { part: 'request' });
  });

  it('answer models → what the shop gets, with the HTTP status', async () => {
    const login = await run('ws-login-answer', fixture('login.response', 'response'));
    assert.deepEqual(login.output, fixture('login.response', 'response'));
    assert.deepEqual(login.msg, [{ path: ['statusCode'], value: 200 }]);
    const refused = await run('ws-login-answer', { approved: false, reason: 'fel-uppgifter' });
    assert.deepEqual(refused.output, { approved: false, reason: 'fel-uppgifter' });
    assert.deepEqual(refused.msg, [{ path: ['statusCode'], value: 401 }]);

    for (const [id, name] of [['ws-customer-price-answer', 'customer-price.response'], ['ws-order-history-answer', 'order-history.response'], ['ws-images-answer', 'images.response']] as const) {
      assert.deepEqual((await run(id, fixture(name, 'response'))).output, fixture(name, 'response'), id);
    }
    const contact = await run('ws-contact-answer', fixture('contact.response', 'response'));
    assert.deepEqual(contact.msg, [{ path: ['statusCode'], value: 201 }]);
  });
});

describe('presets', () => {
  it('each is plain data whose rows compile, with a known source', () => {
    assert.equal(PRESETS.length, 18);
    assert.equal(new Set(PRESETS.map((p) => p.id)).size, PRESETS.length);
    for (const p of PRESETS) {
      assert.deepEqual(JSON.parse(JSON.stringify(p)), p, p.id);
      assert.deepEqual(new Mapping(p).problems, [], p.id);
    }
  });
});
