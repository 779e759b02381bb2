import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildMessage,
  catalogue,
  countRecords,
  detectTypeFromFileName,
  fileNameFor,
  getDescriptor,
  MessageError,
  parseMessage,
  readMessage,
  streamRecords,
  validateModel,
  ENCODINGS,
  recordLists,
  type Field,
  type Part,
} from '../../lib';
import { fixturesDir, repoRoot } from '../support/paths';

const TYPE_IDS = [
  'base-data',
  'article',
  'kit-article',
  'order',
  'quote',
  'order-status',
  'order-history',
  'customer',
  'contact',
  'login',
  'stock',
  'customer-price',
  'price-list',
  'images',
];

/** Every fixture: [type, part, file]. */
function fixtures(): [string, Part, string][] {
  const out: [string, Part, string][] = [];
  for (const d of catalogue) {
    if (d.file) out.push([d.type, 'file', path.join(fixturesDir, `${d.type}.xml`)]);
    if (d.ws) {
      out.push([d.type, 'request', path.join(fixturesDir, `${d.type}.request.xml`)]);
      out.push([d.type, 'response', path.join(fixturesDir, `${d.type}.response.xml`)]);
    }
  }
  return out;
}

const art = (body: string, attrs = '') => `<Artikeldata version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="delta"${attrs}>${body}</Artikeldata>`;

describe('the catalogue', () => {
  it('holds the 14 message types of the domain sheet', () => {
    assert.deepEqual(catalogue.map((d) => d.type), TYPE_IDS);
    for (const d of catalogue) assert.ok(d.file || d.ws, `${d.type} has neither a file nor a web service`);
    assert.deepEqual(
      catalogue.filter((d) => d.ws).map((d) => d.ws?.operation),
      ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder'],
    );
  });

  it('a streamed record element never repeats inside itself (so records can be counted by a byte scan)', () => {
    const names = (fields: readonly Field[]): string[] =>
      fields.flatMap((f) => (f.kind === 'group' ? [f.xml, ...names(f.fields)] : f.kind === 'list' ? [f.xml, f.item, ...names(f.fields ?? [])] : [f.xml.split('@')[0]]));
    for (const d of catalogue) {
      for (const l of d.file ? recordLists(d.file) : []) {
        assert.ok(!names(l.fields ?? []).includes(l.item), `${d.type}: <${l.item}> occurs inside <${l.item}>`);
      }
    }
  });

  it('has a fixture for every file and web-service document', () => {
    for (const [, , file] of fixtures()) assert.ok(fs.existsSync(file), `missing fixture ${path.relative(repoRoot, file)}`);
  });
});

describe('fixtures round-trip', () => {
  for (const [type, part, file] of fixtures()) {
    const name = path.basename(file);
    it(`${name}: parse → build → parse is equal, in every code page where the text fits`, () => {
      const input = fs.readFileSync(file);
      const model = parseMessage(type, input, { part });
      assert.ok(Object.keys(model).length > 0);
      for (const encoding of ENCODINGS) {
        let bytes: Buffer;
        try {
          bytes = buildMessage(type, model, { part, encoding });
        } catch (e) {
          // the text does not fit this code page (€ in CP437, say): a clear error, then the reference form
          assert.ok(e instanceof MessageError && e.code === 'ENCODING_UNENCODABLE', `${name} in ${encoding}: ${String(e)}`);
          bytes = buildMessage(type, model, { part, encoding, unencodable: 'reference' });
        }
        assert.deepEqual(parseMessage(type, bytes, { part }), model, `${name} via ${encoding}`);
      }
      // and with a decimal comma and 1/0 booleans
      const alt = buildMessage(type, model, { part, decimalSeparator: ',', booleanStyle: '10' });
      assert.deepEqual(parseMessage(type, alt, { part }), model, `${name} with decimal comma`);
    });
  }

  for (const d of catalogue.filter((x) => x.file)) {
    it(`${d.type}.xml: the streaming reader gives the same records as the whole-file reader`, async () => {
      const file = path.join(fixturesDir, `${d.type}.xml`);
      const whole = readMessage(d.type, fs.readFileSync(file));
      const got: Record<string, unknown[]> = {};
      for await (const b of streamRecords(d.type, fs.createReadStream(file, { highWaterMark: 97 }), { batchSize: 2 })) {
        (got[b.list] ??= []).push(...b.records);
      }
      for (const key of Object.keys(got)) assert.deepEqual(got[key], whole.model[key]);
      if (whole.count > 1) {
        const bytes = fs.readFileSync(file);
        assert.equal(await countRecords(d.type, bytes), whole.count);
        // in chunks of every small size and a few odd ones: a start tag cut anywhere is counted once
        for (const size of [1, 2, 3, 5, 7, 11, 13, 17, 64, 1000]) {
          const chunks = (function* () {
            for (let i = 0, k = 0; i < bytes.length; k++) {
              const n = k % 3 === 0 ? size : Math.max(1, size - 1);
              yield bytes.subarray(i, i + n);
              i += n;
            }
          })();
          const it = (async function* () {
            yield* chunks;
          })();
          assert.equal(await countRecords(d.type, it), whole.count, `chunks of ${size}`);
        }
      }
    });
  }
});

describe('values', () => {
  it('decimals: comma or point, never drifting', () => {
    const m = parseMessage<{ articles: { basePrice: string }[] }>(
      'article',
      art(['12,50', '12.50', '0,1', '-3', ' 1 234,5 ', '007.10', ',5'].map((p, i) => `<Artikel><Artikelkod>${i}</Artikelkod><Grundpris>${p}</Grundpris></Artikel>`).join('')),
    );
    assert.deepEqual(m.articles.map((a) => a.basePrice), ['12.50', '12.50', '0.1', '-3', '1234.5', '7.10', '0.5']);
    const xml = buildMessage('article', m, { decimalSeparator: ',' }).toString();
    assert.match(xml, /<Grundpris>12,50<\/Grundpris>/);
    assert.match(buildMessage('article', m).toString(), /<Grundpris>0.1<\/Grundpris>/);
  });

  it('decimals from JSON numbers keep what the user typed', () => {
    const m = validateModel<{ rows: { unitPrice: string; quantity: string }[] }>('order', {
      externalOrderNumber: 'WC-1',
      customerNumber: '10017',
      rows: [{ articleCode: '00123', quantity: 3, unitPrice: 0.1 }],
    });
    assert.equal(m.rows[0].unitPrice, '0.1');
    assert.equal(m.rows[0].quantity, '3');
  });

  it('booleans: J/N, 1/0, true/false, ja/nej', () => {
    const forms = ['J', 'N', '1', '0', 'true', 'false', 'ja', 'Nej'];
    const m = parseMessage<{ articles: { webActive: boolean }[] }>(
      'article',
      art(forms.map((f, i) => `<Artikel><Artikelkod>${i}</Artikelkod><Webbaktiv>${f}</Webbaktiv></Artikel>`).join('')),
    );
    assert.deepEqual(m.articles.map((a) => a.webActive), [true, false, true, false, true, false, true, false]);
    assert.match(buildMessage('article', m).toString(), /<Webbaktiv>J<\/Webbaktiv>/);
  });

  it('dates: ISO and YYYYMMDD, impossible dates refused', () => {
    const xml = (d: string) => `<Lagersaldo><Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>H</Lagerstalle><Disponibelt>1</Disponibelt><NastaLeveransdatum>${d}</NastaLeveransdatum></Artikelsaldo></Lagersaldo>`;
    const get = (d: string) => (parseMessage('stock', xml(d)) as { stock: { nextDeliveryDate: string }[] }).stock[0].nextDeliveryDate;
    assert.equal(get('2026-11-28'), '2026-11-28');
    assert.equal(get('20261128'), '2026-11-28');
    assert.equal(get('20240229'), '2024-02-29');
    assert.throws(() => get('20250229'), /nastaLeveransdatum "20250229" is not a date/);
    assert.throws(() => get('28/11/2026'), /is not a date \(YYYY-MM-DD or YYYYMMDD\)/);
  });

  it('codes keep leading zeros and are strings', () => {
    const m = parseMessage<{ articles: { articleCode: string; ean: string }[] }>('article', art('<Artikel><Artikelkod> 00123 </Artikelkod><Ean>0735001230012</Ean></Artikel>'));
    assert.equal(m.articles[0].articleCode, '00123');
    assert.equal(m.articles[0].ean, '0735001230012');
  });

  it('empty elements: empty text stays "", an empty number is absent, a required one is missing', () => {
    const m = parseMessage<{ articles: Record<string, unknown>[] }>('article', art('<Artikel><Artikelkod>1</Artikelkod><Benamning/><Grundpris></Grundpris><Webbkategorier/></Artikel>'));
    assert.equal(m.articles[0].description, '');
    assert.equal('basePrice' in m.articles[0], false);
    assert.deepEqual(m.articles[0].webCategories, []);
    assert.throws(() => parseMessage('article', art('<Artikel><Artikelkod/></Artikel>')), /Artikel\[1\]: artikelkod is required/);
  });

  it('unknown elements and attributes are kept under extra and written back', () => {
    const xml = art(
      '<Artikel atgard="ny" kalla="PBS"><Artikelkod>1</Artikelkod><Varumarke>Essve</Varumarke><Miljo klass="A"><Marke>Svanen</Marke><Marke>EU Ecolabel</Marke></Miljo></Artikel><Kommentar>hej</Kommentar>',
    );
    const m = parseMessage<{ articles: { extra: unknown }[]; extra: unknown }>('article', xml);
    assert.deepEqual(m.articles[0].extra, { '@kalla': 'PBS', Varumarke: 'Essve', Miljo: { '@klass': 'A', Marke: ['Svanen', 'EU Ecolabel'] } });
    assert.deepEqual(m.extra, { Kommentar: 'hej' });
    const again = parseMessage('article', buildMessage('article', m));
    assert.deepEqual(again, m);
  });
});

describe('a file in another dialect', () => {
  const old = '<Lagersaldo omfattning="full">' + '<Saldo><Artikelkod>1</Artikelkod><Saldo>5</Saldo></Saldo>'.repeat(3) + '</Lagersaldo>';
  it('is an error, not "no stock" (which a full file would turn into all stock 0)', () => {
    assert.throws(() => parseMessage('stock', old), /Lagersaldo has no <Artikelsaldo> records but unknown elements <Saldo> \(3×\)/);
  });
  it('is an error in the streaming reader too', async () => {
    await assert.rejects(async () => {
      for await (const _ of streamRecords('stock', [Buffer.from(old)])) void _;
    }, /has no <Artikelsaldo> records/);
  });
  it('unknown elements inside a list wrapper are kept, not dropped', () => {
    const xml = '<PrisFullstandig><Prislistepriser><Prislistepris><Prislista>A</Prislista><Artikelkod>1</Artikelkod><Pris>1</Pris></Prislistepris><Rabattstege>x</Rabattstege></Prislistepriser></PrisFullstandig>';
    const m = parseMessage<{ extra: unknown }>('price-list', xml);
    assert.deepEqual(m.extra, { Prislistepriser: { Rabattstege: 'x' } });
    assert.match(buildMessage('price-list', m).toString(), /<Rabattstege>x<\/Rabattstege>/);
  });
});

describe('errors name the file, the record and the field', () => {
  it('the example from the issue, word for word', () => {
    const rows = Array.from({ length: 42 }, (_, i) =>
      `<Artikel><Artikelkod>${i === 41 ? '00123' : String(i).padStart(5, '0')}</Artikelkod><Grundpris>${i === 41 ? '12,5x' : '1'}</Grundpris></Artikel>`,
    ).join('');
    assert.throws(
      () => parseMessage('article', art(rows), { fileName: 'Artikeldata_20261128T101500000_0001.xml' }),
      (e: unknown) => {
        assert.ok(e instanceof MessageError);
        assert.equal(e.message, 'Artikeldata_20261128T101500000_0001.xml: Artikel[42] (artikelkod 00123): grundpris "12,5x" is not a number');
        assert.deepEqual(e.issues[0].path, ['articles', 41, 'basePrice']);
        return true;
      },
    );
  });

  it('nested records: an order row', () => {
    const order = { externalOrderNumber: 'WC-10042', customerNumber: '10017', rows: [{ articleCode: '1', quantity: '1' }, { articleCode: '00123', quantity: 'tre' }] };
    assert.throws(() => validateModel('order', order), /Rad\[2\] \(artikelkod 00123\): antal "tre" is not a number/);
    assert.throws(
      () => validateModel('order', { externalOrderNumber: 'WC-1', customerNumber: '10017', rows: [], deliveryAddress: { country: ['SE'] } }),
      /Order: leveransadress.land "\["SE"\]" is not a code/,
    );
  });

  it('unknown JSON keys are refused with a hint, not silently dropped', () => {
    assert.throws(() => validateModel('order', { externalOrderNumber: 'WC-1', customerNumber: '10017', rows: [], ordrdatum: '2026-11-28' }), /has an unknown field "ordrdatum" \(a customer's own elements belong under "extra"\)/);
  });

  it('collect: one bad article does not block the others', () => {
    const r = readMessage('article', art('<Artikel><Artikelkod>1</Artikelkod></Artikel><Artikel><Artikelkod>2</Artikelkod><Vikt>tung</Vikt></Artikel><Artikel><Artikelkod>3</Artikelkod></Artikel>'), { invalid: 'collect' });
    assert.deepEqual((r.model.articles as { articleCode: string }[]).map((a) => a.articleCode), ['1', '3']);
    assert.equal(r.invalid.length, 1);
    assert.equal(r.invalid[0].index, 1);
    assert.deepEqual(r.invalid[0].key, { articleCode: '2' });
    assert.equal(r.invalid[0].reason, 'Artikel[2] (artikelkod 2): vikt "tung" is not a number');
    assert.equal(r.count, 3);
  });

  it('messages into Pyramid fail whole, whatever the caller asks: never half an order', () => {
    const xml = '<Order><ExterntOrdernummer>WC-1</ExterntOrdernummer><Kundnummer>1</Kundnummer><Rader><Rad><Artikelkod>1</Artikelkod><Antal>x</Antal></Rad></Rader></Order>';
    assert.throws(() => readMessage('order', xml, { invalid: 'collect' }), /Rad\[1\] \(artikelkod 1\): antal "x" is not a number/);
  });

  it('a missing key field is named', () => {
    assert.throws(() => validateModel('order', { rows: [], customerNumber: '1' }), (e: unknown) => e instanceof MessageError && e.message === 'Order: externtOrdernummer is required');
    assert.throws(() => validateModel('order', { externalOrderNumber: 'WC-1', rows: [] }), (e: unknown) => e instanceof MessageError && e.message === 'Order needs kundnummer or nyKund');
    assert.throws(() => validateModel('customer', { customers: [{ name: 'Anna' }] }), /Kundpost\[1\] needs kundnummer or externtKundId/);
  });
});

describe('file names', () => {
  it('into Pyramid: the same order always gets the same name', () => {
    const o = { externalOrderNumber: 'WC-10042', rows: [] };
    assert.equal(fileNameFor('order', o), 'Order_WC-10042.xml');
    assert.equal(fileNameFor('order', o, { now: new Date(0) }), 'Order_WC-10042.xml');
    assert.equal(fileNameFor('order', { externalOrderNumber: '../../etc/passwd' }), 'Order_.._.._etc_passwd.xml');
    assert.equal(fileNameFor('customer', { customers: [{ externalCustomerId: 'wc-77' }] }), 'Kund_wc-77.xml');
  });
  it('out of Pyramid: names sort by time', () => {
    const n = fileNameFor('article', {}, { now: new Date(2026, 10, 28, 10, 15, 0, 7), seq: 3 });
    assert.equal(n, 'Artikeldata_20261128T101500007_0003.xml');
  });
  it('the type is read back from the name', () => {
    assert.equal(detectTypeFromFileName('Artikeldata_20261128T101500000_0001.xml'), 'article');
    assert.equal(detectTypeFromFileName('/out/PrisFullstandig_20261128T101500000_0001.xml'), 'price-list');
    assert.equal(detectTypeFromFileName('ORDER_WC-1.xml'), 'order');
    assert.equal(detectTypeFromFileName('Lagersaldo.xml'), 'stock');
    assert.equal(detectTypeFromFileName('readme.txt'), undefined);
    for (const d of catalogue.filter((x) => x.file)) assert.equal(detectTypeFromFileName(fileNameFor(d.type, {})), d.type);
  });
});

describe('building', () => {
  it('fills in version and skapad, writes the chosen declaration', () => {
    const b = buildMessage('stock', { scope: 'full', stock: [{ articleCode: '00123', warehouse: 'HUV', available: 5 }] }, { encoding: 'windows-1252', now: new Date(2026, 10, 28, 10, 0, 0) });
    const s = b.toString('latin1');
    assert.match(s, /^<\?xml version="1.0" encoding="windows-1252"\?>\n<Lagersaldo version="1" skapad="2026-11-28T10:00:00[+-]\d\d:\d\d" omfattning="full">/);
    assert.match(s, /<Disponibelt>5<\/Disponibelt>/);
  });
  it('a WS request with a namespace and no declaration', () => {
    const x = buildMessage('login', { username: 'anna', password: 'hemligt' }, { part: 'request', declaration: false, namespace: 'http://www.unikum.se/pws' }).toString();
    assert.match(x, /^<InloggningRequest xmlns="http:\/\/www.unikum.se\/pws">/);
  });
  it('refuses a model that is not an object', () => {
    assert.throws(() => buildMessage('order', 'Order_1.xml'), /the model must be an object with the fields of Order \(got string\)/);
  });
  it('every descriptor names its root and a key', () => {
    for (const t of TYPE_IDS) assert.ok(getDescriptor(t).name);
  });
});

describe('docs', () => {
  it('docs/messages.md is what `npm run docs` generates from the catalogue', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gen = require(path.join(repoRoot, 'scripts', 'gen-docs.js')) as { render(): string; target: string };
    assert.equal(fs.readFileSync(gen.target, 'utf8'), gen.render(), 'docs/messages.md is stale: run `npm run docs`');
  });
});
