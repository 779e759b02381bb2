/*
 * Ten changes a customer makes in the editor, without code (issue 10). One demo (simulated Pyramid,
 * the shop and Node-RED running "examples/Complete integration.json") on free ports; each scenario
 * patches the example as the editor would (a mapping row, a filter, a config field, a tab
 * environment variable, nodes added from the palette; never a function node), deploys it through
 * Node-RED's admin API (POST /flows, full deployment) and checks the result in the simulators.
 * Between scenarios the runtime is idle: no file of Pyramid's waits in the out-folder.
 * `npm run test:scenarios`; docs/customizing.md describes each change.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemo, DEMO_SHOP, type Demo } from '../../sim/demo';
import { createShop, type Shop } from '../../sim/shop';
import { DialogCamera } from './screenshots';
import { add, assertNoCode, clone, next, node, row, tabEnv, tabOf, wire, type FlowNode } from './patch';

const AUTH = 'Basic ' + Buffer.from(`${DEMO_SHOP.consumerKey}:${DEMO_SHOP.consumerSecret}`).toString('base64');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

interface Product {
  id: number;
  sku: string;
  name: string;
  status: string;
  regular_price: string;
  stock_quantity: number | null;
  attributes: { name: string; options: string[] }[];
}

describe('ten changes a customer makes without code', () => {
  let demo: Demo;
  let tmp: string;
  let base: FlowNode[];
  const log: string[] = [];
  const used = new Set<string>();
  const camera = new DialogCamera();
  /** The dialog of the changed node (or its flow's), as docs/customizing.md shows it. */
  const picture = async (name: string, nodeId: string, o: { flow?: boolean } = {}): Promise<void> => {
    if (!DialogCamera.available()) return;
    const file = await camera.shoot(demo.nodeRed.url, name, nodeId, o);
    assert.ok(fs.statSync(file).size > 10_000, `${file} shows the dialog`);
    assert.deepEqual(camera.errors, [], 'no error in the editor');
  };

  const shopApi = async <T = unknown>(url: string, p: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${url}/wp-json/wc/v3${p}`, { ...init, headers: { authorization: AUTH, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const product = async (sku: string, url = demo.shop.url): Promise<Product | undefined> => (await shopApi<Product[]>(url, `/products?sku=${encodeURIComponent(sku)}`))[0];
  const admin = async <T = Record<string, unknown>>(p: string, body: unknown): Promise<T> => {
    const res = await fetch(`${demo.pyramid.adminUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const out = (await res.json()) as T;
    if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(out)}`);
    return out;
  };
  const pyramidState = async (): Promise<{ orders: { externalOrderNumber: string; customerNumber: string; importedFrom?: string }[]; importErrors: { file: string; reason: string }[] }> =>
    (await (await fetch(`${demo.pyramid.adminUrl}/api/state`)).json()) as never;

  const outDir = (): string => path.join(demo.pyramid.dataDir, 'out');
  /** Pyramid's files not yet taken, or taken and not yet acknowledged. */
  const waiting = (): string[] => {
    const files = (d: string, re: RegExp): string[] => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => re.test(f)) : []);
    // out/<name>.xml: not taken yet; out/processing/<name>.xml~<owner>~<lease>.claim: taken, not acknowledged
    return [...files(outDir(), /\.xml$/), ...files(path.join(outDir(), 'processing'), /\.claim$/)];
  };
  const archived = (file: string): boolean => {
    for (const d of [path.join(outDir(), 'archive'), path.join(demo.pyramid.dataDir, 'archive')]) {
      if (fs.existsSync(d) && fs.readdirSync(d, { recursive: true }).some((f) => path.basename(String(f)) === file)) return true;
    }
    return false;
  };
  const idle = (): Promise<true> => waitFor(`the flow to take every file of Pyramid's (waiting: ${waiting().join(', ')})`, () => waiting().length === 0, 240_000);

  /** The running flow, as GET /flows gives it to the editor. */
  const running = async (): Promise<FlowNode[]> => (await (await fetch(`${demo.nodeRed.url}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } })).json()) as FlowNode[];
  /** The editor's Deploy button (full deployment). */
  const deploy = async (flows: FlowNode[]): Promise<void> => {
    assertNoCode(base, flows);
    await idle();
    const res = await fetch(`${demo.nodeRed.url}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Node-RED-API-Version': 'v1', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(flows),
    });
    assert.ok(res.ok, `deploy: ${res.status} ${await res.text()}`);
  };

  /** A web-active simple article in the shop with a consumer price, not used by another scenario. */
  const article = (extra: (code: string) => boolean = () => true): string => {
    const data = demo.pyramid.data;
    for (const a of data.articles.values()) {
      const code = a.articleCode;
      if (used.has(code) || !a.webActive || a.discontinued || !a.stocked || data.articleKinds.get(code) !== 'simple') continue;
      if (!data.priceListPrices.some((p) => p.priceList === 'KONS' && p.articleCode === code && p.fromQuantity === 1 && !p.campaign)) continue;
      if (data.priceListPrices.some((p) => p.articleCode === code && p.campaign)) continue;
      if (!extra(code)) continue;
      used.add(code);
      return code;
    }
    throw new Error('no article left for the scenario');
  };

  /** A paid order placed through the shop's REST API (fires order.created as a checkout does). */
  const order = async (o: { sku?: string; shipping?: string; customerId?: number; email?: string; first?: string; last?: string }): Promise<{ id: number; ext: string }> => {
    const sku = o.sku ?? article();
    const p = await product(sku);
    assert.ok(p, `${sku} is in the shop`);
    const billing = {
      first_name: o.first ?? 'Åsa',
      last_name: o.last ?? 'Öberg',
      company: '',
      address_1: 'Ågatan 15',
      address_2: '',
      city: 'Linköping',
      state: '',
      postcode: '582 22',
      country: 'SE',
      email: o.email ?? 'asa.oberg.scenario@example.se',
      phone: '013-10 20 30',
    };
    const { email: _email, ...shipping } = billing;
    void _email;
    const created = await shopApi<{ id: number }>(demo.shop.url, '/orders', {
      method: 'POST',
      body: JSON.stringify({
        customer_id: o.customerId ?? 0,
        status: 'processing',
        set_paid: true,
        payment_method: 'swish',
        payment_method_title: 'Swish',
        transaction_id: `sw_${Date.now()}`,
        billing,
        shipping,
        line_items: [{ product_id: p.id, quantity: 1 }],
        shipping_lines: [{ method_id: 'flat_rate', method_title: o.shipping ?? 'PostNord MyPack Collect', total: '47.20' }],
      }),
    });
    return { id: created.id, ext: `WC-${created.id}` };
  };
  /** The Order file Pyramid imported for this order (name and bytes). */
  const imported = async (ext: string): Promise<{ name: string; bytes: Buffer; customerNumber: string }> => {
    const o = await waitFor(`${ext} imported in Pyramid`, async () => {
      const st = await pyramidState();
      const err = st.importErrors.find((e) => e.reason.includes(ext));
      if (err) throw new Error(`Pyramid refused ${err.file}: ${err.reason}`);
      return st.orders.find((x) => x.externalOrderNumber === ext);
    });
    // Pyramid records the order, then moves its file to in/imported/
    const dir = path.join(demo.pyramid.dataDir, 'in', 'imported');
    const file = await waitFor(`the Order file of ${ext} in in/imported/`, () =>
      fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.xml') && fs.readFileSync(path.join(dir, f)).includes(`>${ext}<`)) : undefined,
    );
    return { name: file, bytes: fs.readFileSync(path.join(dir, file)), customerNumber: o.customerNumber };
  };
  const element = (bytes: Buffer, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(bytes.toString('latin1'))?.[1];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-scenarios-'));
    demo = await startDemo({
      ports: { ftp: 0, soap: 0, admin: 0, shop: 0, nodeRed: 0 },
      userDir: path.join(tmp, 'node-red'),
      dataDir: path.join(tmp, 'pyramid'),
      fresh: true,
      timings: { statusStepMs: 60_000, importPollMs: 300 },
      logLevel: 'warn',
      log: (l) => log.push(l),
    });
    base = await running();
    assert.deepEqual(base.filter((n) => n.type === 'function'), [], 'the example itself has no function node');
    // the first full import (every article, stock, price, customer) is done before the first change
    await idle();
  });

  after(async () => {
    await camera.close();
    await demo?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('1. a field of the customer\'s own (<Webbkategori>, under extra) reaches the shop as a product attribute', async () => {
    const flows = clone(base);
    const map = node(flows, 'pyramid-map', 'Artikel → product');
    const attributes = row(map, 'attributes');
    // the mapping row: the example's attributes, and Webbkategori when the article has one
    attributes.value = `$append(\n(${attributes.value}),\nextra.Webbkategori and $not($exists(parentArticle)) ? [{"name": "Webbkategori", "options": [extra.Webbkategori], "visible": true}] : []\n)`;
    await deploy(flows);
    await picture('01-product-attribute', map.id);

    const sku = article();
    await admin('/api/article', { articleCode: sku, extra: { Webbkategori: 'Verktyg för proffs' } });
    const p = await waitFor(`the attribute Webbkategori on ${sku}`, async () => {
      const x = await product(sku);
      return x?.attributes.some((a) => a.name === 'Webbkategori') ? x : undefined;
    });
    assert.deepEqual(p.attributes.find((a) => a.name === 'Webbkategori')?.options, ['Verktyg för proffs']);
  });

  it('2. the shop\'s shipping methods map to Pyramid delivery codes through a table', async () => {
    const flows = clone(base);
    const tab = tabOf(flows, node(flows, 'pyramid-map', 'WooCommerce order → Order'));
    const methods = tabEnv(flows, tab, 'DELIVERY_METHODS');
    // the table: shop method title -> Pyramid's Leveranssatt
    const table = JSON.parse(methods.value) as Record<string, string>;
    table['Hämtas i butiken'] = 'UPH';
    table['Budbee hemleverans'] = 'BUD';
    methods.value = JSON.stringify(table);
    await deploy(flows);
    await picture('02-delivery-methods', node(flows, 'pyramid-map', 'WooCommerce order → Order').id, { flow: true });

    const pickup = await order({ shipping: 'Hämtas i butiken' });
    const budbee = await order({ shipping: 'Budbee hemleverans' });
    assert.equal(element((await imported(pickup.ext)).bytes, 'Leveranssatt'), 'UPH');
    assert.equal(element((await imported(budbee.ext)).bytes, 'Leveranssatt'), 'BUD');
  });

  it('3. prices rounded to whole kronor, and (variant) to .90 endings', async () => {
    const flows = clone(base);
    const map = node(flows, 'pyramid-map', 'web price list → prices');
    const price = row(map, 'regular_price');
    const original = price.value;
    price.value = `$decRound(${original}, 1)`;
    await deploy(flows);
    await picture('03-price-rounding', map.id);
    const sku = article();
    await admin('/api/price', { articleCode: sku, priceList: 'KONS', price: '123.45' });
    await waitFor(`${sku} at 123 kr`, async () => Number((await product(sku))?.regular_price) === 123);
    await admin('/api/price', { articleCode: sku, priceList: 'KONS', price: '99.50' });
    await waitFor(`${sku} at 100 kr`, async () => Number((await product(sku))?.regular_price) === 100);

    // the variant: prices ending in .90 (the nearest at or above)
    const variant = clone(base);
    row(node(variant, 'pyramid-map', 'web price list → prices'), 'regular_price').value = `$decEnding(${original}, ".90")`;
    await deploy(variant);
    await admin('/api/price', { articleCode: sku, priceList: 'KONS', price: '123.45' });
    const p = await waitFor(`${sku} at 123.90 kr`, async () => {
      const x = await product(sku);
      return x && x.regular_price === '123.90' ? x : undefined;
    });
    assert.equal(p.regular_price, '123.90');
  });

  it('4. articles not marked web-active are left out, and those in the shop are unpublished', async () => {
    const flows = clone(base);
    const map = node(flows, 'pyramid-map', 'Artikel → product');
    // the mapping row "unpublish": also for an article that is not web-active (never created, and
    // set to draft when the shop has it)
    const unpublish = row(map, 'unpublish');
    unpublish.value = 'action = "borttagen" or webActive = false ? true';
    await deploy(flows);
    await picture('04-unpublish', map.id);

    const shown = article();
    assert.equal((await product(shown))?.status, 'publish');
    const hidden = `SCEN-${Date.now()}`;
    const created = await admin<{ file: { name: string } }>('/api/article', { articleCode: hidden, description: 'Testartikel, ej för webben', webActive: false });
    await admin('/api/article', { articleCode: shown, webActive: false });
    await waitFor(`${shown} unpublished (draft)`, async () => (await product(shown))?.status === 'draft');
    await waitFor(`${created.file.name} taken and acknowledged`, () => archived(created.file.name));
    assert.equal(await product(hidden), undefined, `${hidden} (not web-active) was never created in the shop`);
  });

  it('5. stock as the sum of two warehouses (HUV + GBG) instead of the web warehouse alone', async () => {
    const flows = clone(base);
    const tab = tabOf(flows, node(flows, 'pyramid-map', 'Lagersaldo → stock'));
    // the stock mapping's filter reads the tab's WEB_WAREHOUSES: the customer types the two codes
    tabEnv(flows, tab, 'WEB_WAREHOUSES').value = 'HUV,GBG';
    await deploy(flows);
    await picture('05-warehouses', node(flows, 'pyramid-map', 'Lagersaldo → stock').id, { flow: true });

    const data = demo.pyramid.data;
    const available = (code: string, wh: string): number => {
      const s = data.stock.get(`${code}|${wh}`);
      return s ? Math.max(0, s.onHand - s.reserved) : 0;
    };
    const sku = article((c) => available(c, 'HUV') > 0 && available(c, 'GBG') > 0 && available(c, 'MMA') > 0);
    const want = Math.floor(available(sku, 'HUV') + available(sku, 'GBG'));
    // the example sells from the web warehouse (WEB_WAREHOUSES = HUV)
    const web = Math.floor(available(sku, 'HUV'));
    assert.notEqual(want, web);
    assert.equal((await product(sku))?.stock_quantity, web, 'before: the stock of the web warehouse');
    // a full Lagersaldo (as Pyramid writes it on its schedule) carries every warehouse's row
    await admin('/api/export', { what: 'stock' });
    await waitFor(`${sku} at ${want} (HUV + GBG)`, async () => (await product(sku))?.stock_quantity === want);

    // A delta Lagersaldo carries only the warehouse that changed, and the mapping sums the rows of
    // one file. To sum across files, the flow remembers every warehouse's stock: a change node from
    // the palette keeps it in the global context, and the row stock_quantity sums what it keeps.
    const across = clone(flows);
    const parse = node(across, 'pyramid-stock', 'Lagersaldo');
    const stockMap = node(across, 'pyramid-map', 'Lagersaldo → stock');
    const remember = add(across, parse, {
      type: 'change',
      name: 'remember stock per warehouse',
      rules: [
        {
          t: 'set',
          p: 'pyramidStock',
          pt: 'global',
          tot: 'jsonata',
          to: '$merge([$globalContext("pyramidStock"), (payload.stock ? payload.stock : payload){articleCode & "|" & warehouse: available}])',
        },
      ],
      action: '',
      property: '',
      from: '',
      to: '',
      reg: false,
    });
    const parsed = parse.wires as string[][];
    parsed[0] = parsed[0].map((id) => (id === stockMap.id ? remember.id : id));
    remember.wires = [[stockMap.id]];
    row(stockMap, 'stock_quantity').value =
      '($a := articleCode; $kept := $globalContext("pyramidStock");\n' +
      ' $n := $decSum([$split($env("WEB_WAREHOUSES"), ",").$lookup($kept, $a & "|" & $)]);\n' +
      ' $number($decRound($decMax($n, "0"), 1, "floor")))';
    await deploy(across);
    await picture('05-warehouses-across-files', remember.id);
    // what it remembers starts with a full file (Pyramid's scheduled one), then deltas add to it
    await admin('/api/export', { what: 'stock' });
    await admin('/api/stock', { articleCode: sku, warehouse: 'GBG', available: 3 });
    const after = Math.floor(available(sku, 'HUV') + 3);
    await waitFor(`${sku} at ${after} (HUV + GBG 3) after a GBG delta`, async () => (await product(sku))?.stock_quantity === after);
    await admin('/api/stock', { articleCode: sku, warehouse: 'MMA', available: 50 });
    await admin('/api/stock', { articleCode: sku, warehouse: 'HUV', available: 7 });
    await waitFor(`${sku} at 10 (HUV 7 + GBG 3; MMA not counted)`, async () => (await product(sku))?.stock_quantity === 10);
  });

  it('6. another file-name pattern for the files sent to Pyramid', async () => {
    const flows = clone(base);
    const builder = next(flows, node(flows, 'pyramid-map', 'WooCommerce order → Order'), 'pyramid-order');
    const upload = next(flows, builder, 'pyramid-ftp-out');
    upload.filename = 'Order_webb_{{woocommerce.id}}_{{timestamp}}.xml';
    await deploy(flows);
    await picture('06-file-name', upload.id);

    const o = await order({});
    const file = await imported(o.ext);
    assert.match(file.name, new RegExp(`^Order_webb_${o.id}_\\d{8}T\\d{9}\\.xml$`));
  });

  it('8. files to Pyramid in ISO-8859-1 instead of Windows-1252', async () => {
    const flows = clone(base);
    const builder = next(flows, node(flows, 'pyramid-map', 'WooCommerce order → Order'), 'pyramid-order');
    assert.equal(builder.encoding, 'windows-1252');
    builder.encoding = 'iso-8859-1';
    await deploy(flows);
    await picture('08-encoding', builder.id);

    const o = await order({ first: 'Åsa', last: 'Öberg' });
    const { bytes } = await imported(o.ext);
    assert.match(bytes.subarray(0, 100).toString('latin1'), /^<\?xml version="1\.0" encoding="ISO-8859-1"\?>/i);
    const text = bytes.toString('latin1');
    assert.ok(text.includes('Åsa Öberg'), 'Å and Ö as one byte each (0xC5, 0xD6)');
    assert.equal(bytes.includes(Buffer.from('Å', 'utf8')), false, 'no UTF-8 in the file');
  });

  it('9. guest orders placed on a default customer number', async () => {
    const data = demo.pyramid.data;
    // a guest who buys with the e-mail of a Pyramid customer: the example would put the order on
    // that customer; the change puts every guest order on the default customer number
    const known = [...data.customers.values()].find((c) => c.email && !c.blocked && c.customerNumber !== '10500');
    assert.ok(known?.email);
    const flows = clone(base);
    const map = node(flows, 'pyramid-map', 'WooCommerce order → Order');
    const customer = row(map, 'customerNumber');
    customer.value = `customer_id = 0 ? $env("WEB_CUSTOMER") : (${customer.value})`;
    tabEnv(flows, tabOf(flows, map), 'WEB_CUSTOMER').value = '10500';
    await deploy(flows);
    await picture('09-guest-customer', map.id);

    const guest = await order({ email: known.email });
    const file = await imported(guest.ext);
    assert.equal(file.customerNumber, '10500');
    assert.equal(element(file.bytes, 'Kundnummer'), '10500');
  });

  it('10. a second shop fed from the same Pyramid (two woocommerce-store configs)', async () => {
    const second: Shop = await createShop({ port: 0, consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret, shopName: 'Andra butiken', log: () => undefined });
    try {
      const flows = clone(base);
      // a second woocommerce-store config (its keys go to the credential store, not the flow file)
      const store = add(flows, undefined, {
        type: 'woocommerce-store',
        name: 'Second shop',
        url: second.url,
        version: 'wc/v3',
        timeout: 30,
        ca: '',
        contextStore: '',
        credentials: { consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret, webhookSecret: DEMO_SHOP.webhookSecret },
      });
      // beside each woocommerce-out of the catalogue, one for the second shop, wired from the same map
      let added = '';
      for (const [mapName, outName, resource, unknownSku] of [
        ['Artikel → product', 'products by SKU', 'products', 'fail'],
        ['web price list → prices', 'prices by SKU', 'prices', 'skip'],
      ] as const) {
        const map = node(flows, 'pyramid-map', mapName);
        const first = node(flows, 'woocommerce-out', outName);
        const out = add(flows, first, { type: 'woocommerce-out', name: `${outName} (second shop)`, store: store.id, resource, unknownSku, scope: 'global' });
        wire(map, out);
        added ||= out.id;
      }
      await deploy(flows);
      await picture('10-second-shop', added);

      const sku = article();
      await admin('/api/article', { articleCode: sku, description2: 'Finns i båda butikerna' });
      const p = await waitFor(`${sku} in the second shop`, () => product(sku, second.url));
      await admin('/api/price', { articleCode: sku, priceList: 'KONS', price: '249.00' });
      await waitFor(`${sku} at 249.00 in both shops`, async () =>
        Number((await product(sku, second.url))?.regular_price) === 249 && Number((await product(sku))?.regular_price) === 249 ? true : undefined,
      );
      assert.equal(p.sku, sku);
      assert.equal((await product(sku))?.name, p.name);
    } finally {
      // back to one shop before the second one goes away
      await deploy(clone(base));
      await second.close();
    }
  });

  it('7. the full price list read nightly at 02:30 instead of on arrival', async () => {
    const flows = clone(base);
    const poller = node(flows, 'pyramid-ftp-in', "Pyramid's out-folder");
    // the out-folder poller takes every file but the price lists
    poller.pattern = '{Grunddata,Artikeldata,Setartikel,Lagersaldo,Kund,Kontakt,Orderstatus}_*.xml';
    // from the palette: an inject at 02:30 every night, and a second pyramid-ftp-in that polls only
    // when it gets a msg, for PrisFullstandig_*.xml; it feeds the same "message type" switch
    const nightly = add(flows, poller, {
      type: 'pyramid-ftp-in',
      name: 'price lists at 02:30',
      server: poller.server,
      folder: '',
      pattern: 'PrisFullstandig_*.xml',
      interval: 0,
      stable: poller.stable,
      settle: poller.settle,
      marker: poller.marker,
      maxPerCycle: poller.maxPerCycle,
      ack: 'manual',
      lease: poller.lease,
      renewMax: poller.renewMax,
      spoolMb: poller.spoolMb,
    }, 80);
    nightly.x = Number(poller.x);
    const inject = add(flows, nightly, {
      type: 'inject',
      name: 'every night at 02:30',
      props: [{ p: 'payload' }],
      repeat: '',
      crontab: '30 02 * * *',
      once: false,
      onceDelay: 0.1,
      topic: '',
      payload: '',
      payloadType: 'date',
    }, 0);
    inject.x = Number(poller.x) - 160;
    wire(inject, nightly);
    for (const id of poller.wires?.[0] ?? []) wire(nightly, flows.find((n) => n.id === id) as FlowNode);
    await deploy(flows);
    await picture('07-nightly-inject', inject.id);
    await picture('07-nightly-ftp-in', nightly.id);

    const sku = article();
    const before = (await product(sku))?.regular_price;
    const priced = await admin<{ files: { name: string }[] }>('/api/price', { articleCode: sku, priceList: 'KONS', price: '777.00' });
    const priceFile = priced.files[0].name;
    // a later file (stock) is taken on arrival; the price list waits in the out-folder for the night
    const stock = await admin<{ file: { name: string } }>('/api/stock', { articleCode: sku, warehouse: 'HUV', available: 42 });
    await waitFor(`${stock.file.name} taken`, () => archived(stock.file.name));
    assert.ok(fs.existsSync(path.join(outDir(), priceFile)), `${priceFile} still waits in out/`);
    assert.equal((await product(sku))?.regular_price, before);
    // 02:30: the inject fires (here: its button, POST /inject/<id>)
    const res = await fetch(`${demo.nodeRed.url}/inject/${inject.id}`, { method: 'POST' });
    assert.equal(res.status, 200);
    await waitFor(`${sku} at 777.00 after the nightly read`, async () => Number((await product(sku))?.regular_price) === 777);
    await waitFor(`${priceFile} acknowledged`, () => archived(priceFile));
  });
});
