/**
 * The simulated Pyramid (sim/pyramid), started on free loopback ports and driven the way the
 * integration drives a real one: files fetched and uploaded over FTP with basic-ftp, web services
 * called through a real `soap` client built from the served WSDL, changes made through the admin
 * API and the CLI. Waits poll with generous timeouts; nothing asserts how fast anything happens.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Client } from 'basic-ftp';
import * as soap from 'soap';
import { buildMessage, readMessage } from '../../lib/messages';
import { createPyramid, type Pyramid } from '../../sim/pyramid';
import { createDataSet } from '../../sim/pyramid/dataset';

const run = promisify(execFile);
const CLI = path.resolve(__dirname, '..', '..', 'sim', 'pyramid', 'cli.js');

type Model = Record<string, unknown>;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class Collector extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

describe('simulated Pyramid', () => {
  let p: Pyramid;
  let ftp: Client;
  const logLines: string[] = [];
  const FAILED_PASSWORD = 'Fel-lösenord-4711';

  const api = async (method: 'GET' | 'POST', route: string, body?: unknown): Promise<Model> => {
    const res = await fetch(`${p.adminUrl}${route}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Model;
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const names = async (dir: string) => (await ftp.list(dir)).filter((f) => f.isFile).map((f) => f.name);
  const download = async (remote: string): Promise<Buffer> => {
    const c = new Collector();
    await ftp.downloadTo(c, remote);
    return c.bytes;
  };
  /** As pyramid-ftp-out does: upload under a temporary name, then rename into place. */
  const upload = async (bytes: Buffer, name: string) => {
    const tmp = `/in/~${name}.test.part`;
    await ftp.uploadFrom(Readable.from([bytes]), tmp);
    await ftp.rename(tmp, `/in/${name}`);
  };
  const outFile = async (prefix: string): Promise<{ name: string; bytes: Buffer }> => {
    const name = (await names('/out')).filter((n) => n.startsWith(`${prefix}_`)).sort()[0];
    assert.ok(name, `a ${prefix} file in /out`);
    return { name, bytes: await download(`/out/${name}`) };
  };
  const statusFiles = async (ext: string): Promise<Model[]> => {
    const out: Model[] = [];
    for (const n of (await names('/out')).filter((x) => x.startsWith('Orderstatus_')).sort()) {
      const m = readMessage<Model>('order-status', await download(`/out/${n}`)).model;
      if (m.externalOrderNumber === ext) out.push(m);
    }
    return out;
  };

  before(async () => {
    p = await createPyramid({
      seed: 'test',
      timings: { statusStepMs: 150, importPollMs: 40, activityMs: 100 },
      log: (level, message) => logLines.push(`${level} ${message}`),
    });
    ftp = new Client(20_000);
    await ftp.access({ host: p.ftp.host, port: p.ftp.port, user: p.ftp.user, password: p.ftp.password });
  });

  after(async () => {
    ftp?.close();
    await p?.close();
  });

  it('writes the initial files to /out in windows-1252, readable by the catalogue', async () => {
    const all = await names('/out');
    for (const root of ['Grunddata', 'Artikeldata', 'Setartikel', 'Lagersaldo', 'PrisFullstandig', 'Kund', 'Kontakt']) {
      assert.ok(
        all.some((n) => new RegExp(`^${root}_\\d{8}T\\d{9}_\\d{4}\\.xml$`).test(n)),
        `${root} file named <Root>_<yyyyMMddTHHmmssSSS>_<seq>.xml in ${all.join(', ')}`,
      );
    }
    assert.ok(!all.some((n) => n.endsWith('.tmp')), 'no temporary file left behind');

    const art = await outFile('Artikeldata');
    assert.match(art.bytes.subarray(0, 60).toString('latin1'), /^<\?xml version="1\.0" encoding="windows-1252"\?>/);
    assert.ok(art.bytes.includes(Buffer.from('Fästelement', 'latin1')), 'ä written as the single byte 0xE4');
    assert.ok(!art.bytes.includes(Buffer.from('ä', 'utf8')), 'no UTF-8 sequences');
    const r = readMessage<{ scope: string; articles: Model[] }>('article', art.bytes);
    assert.equal(r.encoding, 'windows-1252');
    assert.equal(r.model.scope, 'full');
    assert.equal(r.model.articles.length, 2000);
    const articles = r.model.articles;
    const byCode = new Map(articles.map((a) => [a.articleCode as string, a]));
    assert.ok(articles.some((a) => /[åäöÅÄÖ]/.test(String(a.description))), 'Swedish names with åäö');
    assert.ok(articles.some((a) => String(a.longText ?? '').includes('€')), 'a text with €');
    assert.deepEqual(byCode.get('00123')?.articleCode, '00123', 'codes keep their leading zeros');
    const variants = articles.filter((a) => a.parentArticle);
    assert.ok(variants.length > 500, `variants: ${variants.length}`);
    for (const v of variants.slice(0, 50)) {
      assert.ok(byCode.has(v.parentArticle as string), 'the huvudartikel of a variant is an article');
      assert.ok((v.variantProperties as Model[]).length >= 1);
    }
    assert.ok(variants.some((v) => (v.variantProperties as Model[]).some((x) => x.name === 'Färg')));
    assert.ok(articles.some((a) => a.webActive === false), 'some articles are not webbaktiv');
    assert.ok(articles.filter((a) => a.ean).every((a) => /^\d{13}$/.test(a.ean as string)));
    assert.ok(articles.some((a) => /^\d+\.\d[1-9]$|^\d+\.[1-9]0$/.test(a.basePrice as string)), 'decimal prices');

    const kits = readMessage<{ kits: Model[] }>('kit-article', (await outFile('Setartikel')).bytes).model.kits;
    assert.equal(kits.length, 20);
    for (const k of kits) {
      for (const c of k.components as Model[]) assert.ok(byCode.has(c.articleCode as string), `kit ${String(k.articleCode)}: component ${String(c.articleCode)} exists`);
    }
    assert.ok(kits.some((k) => k.priceType === 'eget') && kits.some((k) => k.priceType === 'summa'));

    const stock = readMessage<{ stock: Model[] }>('stock', (await outFile('Lagersaldo')).bytes).model.stock;
    assert.deepEqual([...new Set(stock.map((s) => s.warehouse))].sort(), ['GBG', 'HUV', 'MMA']);

    const bd = readMessage<Model>('base-data', (await outFile('Grunddata')).bytes).model;
    assert.deepEqual((bd.currencies as Model[]).map((c) => c.code), ['SEK', 'EUR', 'NOK']);
    assert.deepEqual((bd.vatCodes as Model[]).map((c) => c.percent), ['25', '12', '6', '0']);
    assert.equal((bd.priceLists as Model[]).length, 3);
    assert.ok((bd.priceLists as Model[]).some((l) => l.currency === 'EUR'));

    const customers = readMessage<{ customers: Model[] }>('customer', (await outFile('Kund')).bytes).model.customers;
    assert.equal(customers.length, 500);
    assert.ok(customers.some((c) => c.privatePerson === true) && customers.some((c) => c.privatePerson === false));
    const contacts = readMessage<{ contacts: Model[] }>('contact', (await outFile('Kontakt')).bytes).model.contacts;
    assert.ok(contacts.some((c) => c.webLogin === true && (c.permissions as string[] | undefined)?.includes('se-priser')));

    const prices = readMessage<{ priceListPrices: Model[]; customerPrices: Model[] }>('price-list', (await outFile('PrisFullstandig')).bytes).model;
    assert.deepEqual([...new Set(prices.priceListPrices.map((x) => x.priceList))].sort(), ['BAS', 'EUR', 'KONS']);
    assert.ok(prices.priceListPrices.some((x) => x.fromQuantity !== '1'), 'quantity tiers');
    assert.ok(prices.customerPrices.length > 100, 'customer agreements');
  });

  it('imports an order uploaded over FTP and moves it through registrerad, plockas, levererad and fakturerad', async () => {
    const anna = p.demoUsers.find((u) => u.customerNumber === '10001');
    assert.ok(anna);
    const kit = [...p.data.kits.values()][0];
    const order = {
      externalOrderNumber: 'WC-1001',
      orderDate: '2026-11-28',
      customerNumber: '10001',
      contact: { contactId: anna.contactId, name: 'Anna Björklund' },
      deliveryAddress: { name: 'Björklunds Bygg & Snickeri AB', address1: 'Snickarvägen 12', postalCode: '553 15', city: 'Jönköping', country: 'SE' },
      deliveryMethod: 'PN-MB',
      paymentMethod: 'FAKTURA',
      currency: 'SEK',
      pricesIncludeVat: false,
      rows: [
        { rowNumber: 1, articleCode: '00123', quantity: '3', unitPrice: '54.10', vatPercent: '25' },
        { rowNumber: 2, articleCode: kit.articleCode, quantity: '1', unitPrice: '499.00', vatPercent: '25' },
      ],
      freight: { amount: '79.00', vatPercent: '25' },
    };
    await upload(buildMessage('order', order, { encoding: 'utf-8' }), 'Order_WC-1001.xml');

    const imported = await waitFor('the order to be imported', async () => {
      const s = await api('GET', '/api/state');
      return (s.orders as Model[]).find((o) => o.externalOrderNumber === 'WC-1001');
    });
    assert.match(String(imported.pyramidOrderNumber), /^\d{6}$/);
    // the order is in Pyramid's state a moment before its file is moved: wait for the move
    await waitFor('the file to move to /in/imported', async () =>
      (await names('/in/imported').catch(() => [] as string[])).includes('Order_WC-1001.xml') ? true : undefined,
    );
    assert.ok(!(await names('/in')).includes('Order_WC-1001.xml'));

    const steps = await waitFor('Orderstatus files through fakturerad', async () => {
      const files = await statusFiles('WC-1001');
      return files.some((f) => f.status === 'fakturerad') ? files : undefined;
    });
    assert.deepEqual(
      steps.map((s) => s.status),
      ['registrerad', 'plockas', 'levererad', 'fakturerad'],
    );
    for (const s of steps) assert.equal(s.pyramidOrderNumber, imported.pyramidOrderNumber);
    const shipped = steps[2];
    const delivery = (shipped.deliveries as Model[])[0];
    assert.match(String(delivery.trackingNumber), /^UA\d{9}SE$/);
    assert.equal(delivery.carrier, 'PostNord');
    assert.match(String(delivery.trackingUrl), /^https:\/\/tracking\.postnord\.com\/.*UA\d{9}SE$/);
    assert.deepEqual(
      (shipped.rows as Model[]).map((r) => [r.articleCode, r.orderedQuantity, r.deliveredQuantity, r.backorderQuantity]),
      [
        ['00123', '3', '3', '0'],
        [kit.articleCode, '1', '1', '0'],
      ],
    );
    const invoiced = steps[3];
    assert.match(String(invoiced.invoiceNumber), /^\d+$/);
    // (3 x 54.10 + 499.00 + 79.00) x 1.25 = 925.375 -> rows rounded one by one: 202.88 + 623.75 + 98.75
    assert.equal(invoiced.invoiceAmount, '925.38');
  });

  it('records the same order uploaded again as a duplicate and creates no second order', async () => {
    await waitFor('the first import', () => [...p.data.orders.values()].find((o) => o.externalOrderNumber === 'WC-1001'));
    const again = buildMessage('order', { externalOrderNumber: 'WC-1001', customerNumber: '10001', rows: [{ articleCode: '00123', quantity: '1' }] });
    await upload(again, 'Order_WC-1001.xml');
    const dup = await waitFor('the duplicate to be recorded', async () => {
      const s = await api('GET', '/api/state');
      return (s.duplicates as Model[]).find((d) => d.key === 'WC-1001');
    });
    assert.equal(dup.type, 'order');
    const orders = [...p.data.orders.values()].filter((o) => o.externalOrderNumber === 'WC-1001');
    assert.equal(orders.length, 1, 'one Pyramid order for WC-1001');
    assert.equal(dup.existing, orders[0].orderNumber);
    // recorded in the state first, then moved, then its reason written: wait for the reason file
    await waitFor('the duplicate file and its reason in /in/duplicate', async () => {
      const moved = await names('/in/duplicate').catch(() => [] as string[]);
      return moved.includes('Order_WC-1001.xml') && moved.includes('Order_WC-1001.xml.reason.txt') ? true : undefined;
    });
    assert.match((await download('/in/duplicate/Order_WC-1001.xml.reason.txt')).toString('utf8'), /WC-1001 already imported as order \d+/);
  });

  it('moves a bad file to /in/error with the reason beside it', async () => {
    const bad = buildMessage('order', {
      externalOrderNumber: 'WC-BAD-1',
      customerNumber: '10001',
      deliveryMethod: 'flat_rate',
      rows: [
        { rowNumber: 1, articleCode: '99999', quantity: '1' },
        { rowNumber: 2, articleCode: '00123', quantity: '2' },
      ],
    });
    await upload(bad, 'Order_WC-BAD-1.xml');
    await upload(Buffer.from('<?xml version="1.0"?><Order><ExterntOrdernummer>WC-BAD-2</Extern'), 'Order_WC-BAD-2.xml');
    const reason1 = await waitFor('Order_WC-BAD-1 in /in/error', async () =>
      (await names('/in/error')).includes('Order_WC-BAD-1.xml.reason.txt') ? (await download('/in/error/Order_WC-BAD-1.xml.reason.txt')).toString('utf8') : undefined,
    );
    assert.match(reason1, /Order_WC-BAD-1\.xml: Rad\[1\] \(artikelkod 99999\): artikelkod 99999 does not exist/);
    assert.match(reason1, /leveranssatt flat_rate does not exist in Grunddata/);
    assert.ok((await names('/in/error')).includes('Order_WC-BAD-1.xml'));
    const reason2 = await waitFor('Order_WC-BAD-2 in /in/error', async () =>
      (await names('/in/error')).includes('Order_WC-BAD-2.xml.reason.txt') ? (await download('/in/error/Order_WC-BAD-2.xml.reason.txt')).toString('utf8') : undefined,
    );
    assert.match(reason2, /Order_WC-BAD-2\.xml/);
    assert.ok(![...p.data.orders.values()].some((o) => o.externalOrderNumber?.startsWith('WC-BAD')), 'no order from a bad file');
    const s = await api('GET', '/api/state');
    assert.ok((s.importErrors as Model[]).some((e) => e.file === 'Order_WC-BAD-1.xml'));
  });

  it('ignores temporary names in /in', async () => {
    await ftp.uploadFrom(Readable.from([Buffer.from('half a file')]), '/in/Order_WC-TMP.xml.tmp');
    await ftp.uploadFrom(Readable.from([Buffer.from('half a file')]), '/in/.Order_WC-DOT.xml');
    // a real file after them: once it is imported, the poller has passed the temporary ones
    await upload(buildMessage('order', { externalOrderNumber: 'WC-AFTER-TMP', customerNumber: '10002', rows: [{ articleCode: '00123', quantity: '1' }] }), 'Order_WC-AFTER-TMP.xml');
    await waitFor('WC-AFTER-TMP imported', () => [...p.data.orders.values()].find((o) => o.externalOrderNumber === 'WC-AFTER-TMP'));
    const left = await ftp.list('/in');
    assert.ok(left.some((f) => f.name === 'Order_WC-TMP.xml.tmp'));
    assert.ok(left.some((f) => f.name === '.Order_WC-DOT.xml'));
  });

  it('registers a customer from a Kund file and sends its number back in a Kund delta', async () => {
    const reg = buildMessage('customer', {
      customers: [
        {
          externalCustomerId: 'WCC-77',
          name: 'Linnéa Håkansson',
          privatePerson: true,
          email: 'linnea.hakansson@exempel.se',
          invoiceAddress: { name: 'Linnéa Håkansson', address1: 'Åkervägen 4', postalCode: '753 20', city: 'Uppsala', country: 'SE' },
        },
      ],
    });
    await upload(reg, 'Kund_WCC-77.xml');
    const r = await waitFor('the registration', async () => ((await api('GET', '/api/state')).customerRegistrations as Model[]).find((x) => x.externalCustomerId === 'WCC-77'));
    assert.match(String(r.customerNumber), /^\d{5}$/);
    const delta = await waitFor('a Kund delta with the new number', async () => {
      for (const n of (await names('/out')).filter((x) => x.startsWith('Kund_'))) {
        const m = readMessage<{ scope: string; customers: Model[] }>('customer', await download(`/out/${n}`)).model;
        if (m.scope === 'delta' && m.customers.some((c) => c.externalCustomerId === 'WCC-77')) return m;
      }
      return undefined;
    });
    const c = delta.customers.find((x) => x.externalCustomerId === 'WCC-77') as Model;
    assert.equal(c.customerNumber, r.customerNumber);
    assert.equal(c.action, 'ny');
    assert.equal(c.name, 'Linnéa Håkansson');
  });

  it('imports a quote (Offert) and gives it a Pyramid number', async () => {
    await upload(buildMessage('quote', { externalQuoteNumber: 'Q-55', customerNumber: '10001', validUntil: '2027-01-31', rows: [{ articleCode: '00123', quantity: '500' }] }), 'Offert_Q-55.xml');
    const q = await waitFor('the quote', async () => ((await api('GET', '/api/state')).quotes as Model[]).find((x) => x.externalQuoteNumber === 'Q-55'));
    assert.match(String(q.quoteNumber), /^\d+$/);
    assert.equal(q.validUntil, '2027-01-31');
  });

  it('writes a Lagersaldo delta for a stock change made through the admin API and the CLI', async () => {
    const r = await api('POST', '/api/stock', { articleCode: '00123', warehouse: 'HUV', available: 5 });
    const file = (r.file as Model).name as string;
    assert.match(file, /^Lagersaldo_\d{8}T\d{9}_\d{4}\.xml$/);
    const m = readMessage<{ scope: string; stock: Model[] }>('stock', await download(`/out/${file}`)).model;
    assert.equal(m.scope, 'delta');
    assert.equal(m.stock.length, 1);
    assert.equal(m.stock[0].articleCode, '00123');
    assert.equal(m.stock[0].warehouse, 'HUV');
    assert.equal(m.stock[0].available, '5');

    const { stdout } = await run(process.execPath, [CLI, '--url', p.adminUrl, 'stock', '00123', 'HUV', '+7']);
    const viaCli = JSON.parse(stdout) as { file: { name: string } };
    const m2 = readMessage<{ stock: Model[] }>('stock', await download(`/out/${viaCli.file.name}`)).model;
    assert.equal(m2.stock[0].available, '12');

    await assert.rejects(api('POST', '/api/stock', { articleCode: 'NOPE', warehouse: 'HUV', available: 1 }), /404/);
    await assert.rejects(api('POST', '/api/stock', { articleCode: '00123', warehouse: 'XYZ', available: 1 }), /warehouse XYZ does not exist/);
  });

  it('writes Artikeldata and Pris deltas for price and article changes', async () => {
    const r = await api('POST', '/api/price', { articleCode: '00124', price: '61.50' });
    const [artFile, priceFile] = (r.files as Model[]).map((f) => f.name as string);
    const a = readMessage<{ scope: string; articles: Model[] }>('article', await download(`/out/${artFile}`)).model;
    assert.equal(a.scope, 'delta');
    assert.equal(a.articles[0].action, 'andrad');
    assert.equal(a.articles[0].basePrice, '61.50');
    const pr = readMessage<{ priceListPrices: Model[] }>('price-list', await download(`/out/${priceFile}`)).model;
    assert.ok(pr.priceListPrices.some((x) => x.priceList === 'BAS' && x.fromQuantity === '1' && x.price === '61.50'));

    const ch = await api('POST', '/api/article', { articleCode: '00125', webActive: false, description2: 'Utgår – så länge lagret räcker' });
    const ca = readMessage<{ articles: Model[] }>('article', await download(`/out/${(ch.file as Model).name as string}`)).model.articles[0];
    assert.equal(ca.webActive, false);
    assert.equal(ca.description2, 'Utgår – så länge lagret räcker');
    const rm = await api('POST', '/api/article', { articleCode: '00126', remove: true });
    const ra = readMessage<{ articles: Model[] }>('article', await download(`/out/${(rm.file as Model).name as string}`)).model.articles[0];
    assert.equal(ra.action, 'borttagen');
    await assert.rejects(api('POST', '/api/article', { articleCode: '00127', colour: 'red' }), /unknown article field .{0,2}colour/);
  });

  it('makes changes by itself in activity mode, and stops when told', async () => {
    const countDeltas = async () => (await names('/out')).filter((n) => n.startsWith('Lagersaldo_')).length;
    const start = await countDeltas();
    assert.deepEqual(await api('POST', '/api/activity', { on: true }), { on: true });
    await waitFor('Lagersaldo deltas from activity', async () => ((await countDeltas()) >= start + 2 ? true : undefined));
    assert.deepEqual(await api('POST', '/api/activity', { on: false }), { on: false });
    assert.equal(((await api('GET', '/api/state')).activity as Model).on, false);
  });

  describe('web services through a soap client built from the served WSDL', () => {
    let client: soap.Client;
    const call = async (op: string, args: Model): Promise<Model> => {
      const fn = (client as unknown as Record<string, (a: Model) => Promise<[Model]>>)[`${op}Async`];
      const [result] = await fn.call(client, args);
      return result;
    };
    const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

    before(async () => {
      const wsdl = await (await fetch(p.wsdlUrl)).text();
      assert.ok(wsdl.includes(`location="${p.soapUrl}?WSQUERY"`), 'soap:address points at the simulator');
      assert.equal(await (await fetch(`${p.soapUrl}?WSQUERY`)).text(), wsdl);
      client = await soap.createClientAsync(p.wsdlUrl, { endpoint: p.soapUrl });
    });

    it('Inloggning: a demo user logs in; a wrong password is refused', async () => {
      const anna = p.demoUsers.find((u) => u.username === 'anna.bjorklund');
      assert.ok(anna);
      const ok = await call('Inloggning', { Anvandarnamn: anna.username, Losenord: anna.password });
      assert.equal(ok.Godkand, 'J');
      assert.equal(ok.KontaktId, anna.contactId);
      assert.equal(ok.Kundnummer, '10001');
      assert.equal(ok.Foretagsnamn, 'Björklunds Bygg & Snickeri AB');
      assert.equal(ok.Prislista, 'BAS');
      assert.deepEqual(list((ok.Behorigheter as Model).Behorighet), ['se-priser', 'lagga-order', 'se-fakturor']);
      const bad = await call('Inloggning', { Anvandarnamn: anna.username, Losenord: FAILED_PASSWORD });
      assert.equal(bad.Godkand, 'N');
      assert.equal(bad.Orsak, 'fel-uppgifter');
      assert.equal(bad.KontaktId, undefined);
      const nobody = await call('Inloggning', { Anvandarnamn: 'ingen.alls', Losenord: FAILED_PASSWORD });
      assert.equal(nobody.Orsak, 'fel-uppgifter');
      const again = await call('Inloggning', { Anvandarnamn: anna.username, Losenord: anna.password });
      assert.equal(again.Godkand, 'J', 'one failure does not lock the account');
    });

    it('Orderhistorik: the customer’s orders with rows, deliveries and invoices, paged, the shop order included', async () => {
      const all = await call('Orderhistorik', { Kundnummer: '10001', Sida: '1', PerSida: '100' });
      const orders = list((all.Ordrar as Model).Order) as Model[];
      assert.equal(Number(all.TotaltAntal), orders.length);
      assert.ok(orders.length >= 9, `8 historic orders and WC-1001, got ${orders.length}`);
      const shop = orders.find((o) => o.ExterntOrdernummer === 'WC-1001');
      assert.ok(shop, 'the order imported from the shop');
      assert.equal(list((shop.Rader as Model).Rad).length, 2);
      const invoiced = orders.find((o) => o.Status === 'fakturerad' && o.Fakturor);
      assert.ok(invoiced);
      const inv = list((invoiced.Fakturor as Model).Faktura)[0] as Model;
      assert.match(String(inv.Belopp), /^\d+\.\d{2}$/);
      assert.ok(list((invoiced.Leveranser as Model).Leverans).length >= 1);
      const dates = orders.map((o) => String(o.Orderdatum));
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');

      const page2 = await call('Orderhistorik', { Kundnummer: '10001', Sida: '2', PerSida: '3' });
      assert.equal(list((page2.Ordrar as Model).Order).length, 3);
      assert.equal(page2.TotaltAntal, all.TotaltAntal);
      assert.deepEqual(
        list((page2.Ordrar as Model).Order).map((o) => (o as Model).Ordernummer),
        orders.slice(3, 6).map((o) => o.Ordernummer),
      );
      await assert.rejects(call('Orderhistorik', { Kundnummer: '99999' }), /Kundnummer 99999 does not exist/);
    });

    it('KontaktRegistrering: creates a contact (and a Kontakt delta); an existing e-mail is finns-redan', async () => {
      const r = await call('KontaktRegistrering', { Kundnummer: '10001', Fornamn: 'Märta', Efternamn: 'Öst', Epost: 'marta.ost@bjorklundsbygg.se', Anvandarnamn: 'marta.ost' });
      assert.equal(r.Status, 'registrerad');
      assert.match(String(r.KontaktId), /^\d+$/);
      const again = await call('KontaktRegistrering', { Kundnummer: '10001', Fornamn: 'Märta', Efternamn: 'Öst', Epost: 'MARTA.OST@bjorklundsbygg.se' });
      assert.equal(again.Status, 'finns-redan');
      assert.equal(again.KontaktId, r.KontaktId);
      const delta = await waitFor('a Kontakt delta', async () => {
        for (const n of (await names('/out')).filter((x) => x.startsWith('Kontakt_'))) {
          const m = readMessage<{ scope: string; contacts: Model[] }>('contact', await download(`/out/${n}`)).model;
          const k = m.contacts.find((c) => c.contactId === r.KontaktId);
          if (m.scope === 'delta' && k) return k;
        }
        return undefined;
      });
      assert.equal(delta.firstName, 'Märta');
      assert.equal(delta.action, 'ny');
      const notActivated = await call('Inloggning', { Anvandarnamn: 'marta.ost', Losenord: FAILED_PASSWORD });
      assert.equal(notActivated.Orsak, 'ej-aktiverad');
      const refused = await call('KontaktRegistrering', { Kundnummer: '99999', Fornamn: 'A', Efternamn: 'B', Epost: 'a.b@exempel.se' });
      assert.equal(refused.Status, 'avvisad');
    });

    it('KundPris: agreement, price list with tiers, campaign and base price', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const valid = (x: { validFrom?: string; validUntil?: string }) => (!x.validFrom || x.validFrom <= today) && (!x.validUntil || x.validUntil >= today);
      const agreement = p.data.customerPrices.find((x) => x.customerNumber === '10001' && x.fromQuantity === 1 && x.price !== undefined && valid(x));
      assert.ok(agreement);
      const tiered = p.data.priceListPrices.find(
        (x) => x.priceList === 'BAS' && x.fromQuantity === 50 && !p.data.customerPrices.some((c) => c.customerNumber === '10001' && c.articleCode === x.articleCode),
      );
      assert.ok(tiered);
      const campaign = p.data.priceListPrices.find((x) => x.priceList === 'KONS' && x.campaign && valid(x));
      assert.ok(campaign);
      const res = await call('KundPris', {
        Kundnummer: '10001',
        Rader: { Rad: [{ Artikelkod: agreement.articleCode, Antal: '1' }, { Artikelkod: tiered.articleCode, Antal: '1' }, { Artikelkod: tiered.articleCode, Antal: '60' }, { Artikelkod: 'FINNS-EJ', Antal: '1' }] },
      });
      const rows = list((res.Rader as Model).Rad) as Model[];
      assert.equal(rows.length, 3, 'the unknown article is left out');
      assert.equal(rows[0].Priskalla, 'avtal');
      assert.equal(rows[0].Nettopris, (agreement.price as number / 100).toFixed(2));
      assert.equal(rows[0].Valuta, 'SEK');
      assert.equal(rows[1].Priskalla, 'prislista');
      assert.equal(rows[1].RabattProcent, '5', 'the customer’s general discount');
      assert.ok(Number(rows[2].Nettopris) < Number(rows[1].Nettopris), 'the 50+ tier is cheaper');
      assert.equal(rows[2].Antal, '60');

      const priv = list(((await call('KundPris', { Kundnummer: '10002', Rader: { Rad: [{ Artikelkod: campaign.articleCode, Antal: '1' }] } })).Rader as Model).Rad)[0] as Model;
      assert.equal(priv.Priskalla, 'kampanj');
      assert.equal(priv.InklMoms, 'J');
      assert.equal(priv.GiltigTill, campaign.validUntil);

      const eur = list(((await call('KundPris', { Kundnummer: '10003', Rader: { Rad: [{ Artikelkod: tiered.articleCode }] } })).Rader as Model).Rad)[0] as Model;
      assert.equal(eur.Valuta, 'EUR');
      const nok = list(((await call('KundPris', { Kundnummer: '10001', Valuta: 'NOK', Rader: { Rad: [{ Artikelkod: tiered.articleCode }] } })).Rader as Model).Rad)[0] as Model;
      assert.equal(nok.Priskalla, 'grundpris');
      assert.equal(nok.Valuta, 'NOK');
      await assert.rejects(call('KundPris', { Kundnummer: '99999', Rader: { Rad: [{ Artikelkod: '00123' }] } }), /Kundnummer 99999 does not exist/);
    });

    it('Bilder: real PNG images with their MD5, the same every time', async () => {
      const a = [...p.data.articles.values()].find((x) => x.images.length >= 2);
      assert.ok(a);
      const r = await call('Bilder', { Artikelkod: a.articleCode });
      assert.equal(r.Artikelkod, a.articleCode);
      const imgs = list((r.Bilder as Model).Bild) as Model[];
      assert.equal(imgs.length, a.images.length);
      for (const img of imgs) {
        const bytes = Buffer.from(String(img.Data), 'base64');
        assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
        assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
        assert.equal(img.Md5, createHash('md5').update(bytes).digest('hex'));
        assert.equal(img.MimeTyp, 'image/png');
      }
      assert.equal(imgs[0].Huvudbild, 'J');
      assert.notEqual(imgs[0].Md5, imgs[1].Md5);
      const again = list(((await call('Bilder', { Artikelkod: a.articleCode })).Bilder as Model).Bild) as Model[];
      assert.deepEqual(
        again.map((x) => x.Md5),
        imgs.map((x) => x.Md5),
      );
      const none = await call('Bilder', { Artikelkod: a.articleCode, AndradEfter: '2099-01-01T00:00:00Z' });
      assert.equal(none.Bilder, undefined);
    });

    it('answers an unknown operation and a malformed request with a SOAP 1.1 Fault', async () => {
      const post = (body: string, action = '') =>
        fetch(p.soapUrl, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${action}"` }, body });
      const unknown = await post(
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ArtGetStockRequest xmlns="http://www.unikum.se/pws"/></soap:Body></soap:Envelope>',
        'ArtGetStock',
      );
      assert.equal(unknown.status, 500);
      const t1 = await unknown.text();
      assert.match(t1, /<soap:Fault><faultcode>soap:Client<\/faultcode><faultstring>unknown operation: &lt;ArtGetStockRequest&gt;/);
      const broken = await post('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>', 'Bilder');
      assert.equal(broken.status, 500);
      assert.match(await broken.text(), /<faultcode>soap:Client<\/faultcode><faultstring>malformed request/);
      const missing = await post(
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><BilderRequest xmlns="http://www.unikum.se/pws"/></soap:Body></soap:Envelope>',
        'Bilder',
      );
      assert.match(await missing.text(), /invalid BilderRequest: .*artikelkod.*required/i);
    });
  });

  it('never writes a password to the log', () => {
    assert.ok(logLines.length > 5, 'there is a log to look at');
    assert.ok(logLines.some((l) => l.includes('Inloggning anna.bjorklund')), 'logins are logged (by user name)');
    const secrets = [...p.demoUsers.map((u) => u.password), FAILED_PASSWORD, p.ftp.password];
    for (const s of secrets) {
      assert.ok(!logLines.some((l) => l.includes(s)), 'a password appeared in the log');
    }
  });
});

describe('simulated Pyramid: options', () => {
  it('gives the same data for the same seed', async () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const a = await createDataSet('same', now);
    const b = await createDataSet('same', now);
    const c = await createDataSet('other', now);
    const strip = (ds: typeof a) => [...ds.data.articles.values()].map((x) => ({ ...x, changed: undefined }));
    assert.deepEqual(strip(a), strip(b));
    assert.notDeepEqual(strip(a), strip(c));
    assert.equal(a.data.articles.size, 2000);
    assert.equal(a.data.kits.size, 20);
    assert.equal(a.data.customers.size, 500);
    assert.equal(a.data.baseData.warehouses.length, 3);
  });

  it('writes slowly under the final name when asked, in the chosen code page, and cleans up its temp folder', async () => {
    const p = await createPyramid({ seed: 'slow', encoding: 'iso-8859-1', slowWrite: { chunkBytes: 256 * 1024, delayMs: 1 }, log: false });
    const dir = p.dataDir;
    try {
      const files = fs.readdirSync(path.join(dir, 'out'));
      assert.equal(files.length, 7);
      const art = files.find((f) => f.startsWith('Artikeldata_')) as string;
      const r = readMessage<{ articles: unknown[] }>('article', fs.readFileSync(path.join(dir, 'out', art)));
      assert.equal(r.encoding, 'iso-8859-1');
      assert.equal(r.model.articles.length, 2000);
    } finally {
      await p.close();
    }
    assert.equal(fs.existsSync(dir), false, 'the temporary data folder is removed at close');
  });

  it('moves an order to its next status on request through the admin API', async () => {
    const p = await createPyramid({ seed: 'advance', initialFiles: false, timings: { statusStepMs: 600_000, importPollMs: 40 }, log: false });
    try {
      const order = buildMessage('order', { externalOrderNumber: 'WC-ADV-1', customerNumber: '10002', deliveryMethod: 'DHL-SP', rows: [{ articleCode: '00123', quantity: '2', unitPrice: '89.00' }] });
      fs.writeFileSync(path.join(p.dataDir, 'in', 'Order_WC-ADV-1.xml'), order);
      const o = await waitFor('the import', () => [...p.data.orders.values()].find((x) => x.externalOrderNumber === 'WC-ADV-1'));
      assert.equal(o.status, 'registrerad');
      const post = async (route: string) => {
        const res = await fetch(`${p.adminUrl}${route}`, { method: 'POST' });
        return { status: res.status, body: (await res.json()) as Model };
      };
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) seen.push((await post(`/api/orders/${o.orderNumber}/advance`)).body.status);
      assert.deepEqual(seen, ['plockas', 'levererad', 'fakturerad']);
      const done = await post(`/api/orders/${o.orderNumber}/advance`);
      assert.equal(done.status, 409);
      assert.match(String(done.body.error), /fakturerad: it has no next status/);
      assert.equal((await post('/api/orders/1/advance')).status, 404);
      const detail = (await (await fetch(`${p.adminUrl}/api/orders/${o.orderNumber}`)).json()) as Model;
      assert.match(String(detail.trackingNumber), /^JVGL\d{14}$/);
      const statuses = fs.readdirSync(path.join(p.dataDir, 'out')).filter((n) => n.startsWith('Orderstatus_'));
      assert.equal(statuses.length, 4);
    } finally {
      await p.close();
    }
  });

  it('refuses to listen on anything but loopback', async () => {
    await assert.rejects(createPyramid({ host: '0.0.0.0', log: false }), /loopback only/);
  });
});
