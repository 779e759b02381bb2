/**
 * The simulated Pyramid's own reading of the file messages (sim/pyramid/dialect.ts + xmlfile.ts,
 * fast-xml-parser and iconv-lite) against the package's catalogue (lib/messages): the two are
 * separate implementations of the domain sheet, so each file written by one must read the same in
 * the other. No mocks: real files from test/fixtures and real bytes in every code page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMessage, readMessage } from '../../lib/messages';
import { readFile, writeFile, checkRecord, FileError } from '../../sim/pyramid/xmlfile';
import { ARTICLE_FIELDS, FILES } from '../../sim/pyramid/dialect';
import { decodeFile, encodeFile } from '../../sim/pyramid/codepage';

type Model = Record<string, unknown>;

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'messages');
const SIM_SOURCES = path.resolve(__dirname, '..', '..', '..', 'sim', 'pyramid');
const TYPES = Object.keys(FILES);

/** The model without the attributes a writer stamps itself (version, skapad). */
const content = (m: Model): Model => {
  const c = JSON.parse(JSON.stringify(m)) as Model;
  delete c.created;
  delete c.version;
  return c;
};

describe('the simulator reads and writes files by its own map, and agrees with the catalogue', () => {
  it('covers the ten file messages of the sheet', () => {
    assert.deepEqual(TYPES.sort(), ['article', 'base-data', 'contact', 'customer', 'kit-article', 'order', 'order-status', 'price-list', 'quote', 'stock']);
  });

  for (const type of TYPES) {
    it(`${type}: the fixture reads the same in both; each reads what the other writes`, () => {
      const bytes = fs.readFileSync(path.join(FIXTURES, `${type}.xml`));
      const catalogue = readMessage<Model>(type, bytes).model;
      const sim = readFile(type, bytes, `${type}.xml`);
      assert.deepEqual(sim.model, catalogue, 'the fixture, read by both');
      // the simulator writes, the catalogue reads (and the other way round), in a legacy code page
      const simWritten = writeFile(type, catalogue, { codePage: 'windows-1252' });
      assert.deepEqual(content(readMessage<Model>(type, simWritten).model), content(catalogue), 'sim writes, catalogue reads');
      const catWritten = buildMessage(type, catalogue, { encoding: 'cp850', unencodable: 'reference' });
      assert.deepEqual(content(readFile(type, catWritten, 'x.xml').model), content(catalogue), 'catalogue writes, sim reads');
    });
  }

  it('names an element the sheet does not know, and keeps it under extra', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><Order version="1"><ExterntOrdernummer>WC-1</ExterntOrdernummer><Levransatt>PN-MB</Levransatt><Rader><Rad><Artikelkod>00123</Artikelkod><Antal>2</Antal><Farg>Röd</Farg></Rad></Rader></Order>';
    const r = readFile('order', Buffer.from(xml), 'Order_WC-1.xml');
    assert.deepEqual(r.unknown, ['Order/Rader/Rad[1]/Farg', 'Order/Levransatt']);
    assert.deepEqual(r.model.extra, { Levransatt: 'PN-MB' });
    assert.equal((r.model.rows as Model[])[0].quantity, '2');
  });

  it('reads the values as the sheet allows them: decimal comma, thousands, J/N and 1/0, yyyyMMdd, codes with leading zeros', () => {
    const xml =
      '<Order><ExterntOrdernummer> WC-2 </ExterntOrdernummer><Orderdatum>20261128</Orderdatum><PriserInklMoms>1</PriserInklMoms>' +
      '<Rader><Rad><Radnummer>1</Radnummer><Artikelkod> 00123 </Artikelkod><Antal>1 200,5</Antal><APris>12,50</APris></Rad></Rader></Order>';
    const m = readFile('order', Buffer.from(xml), 'Order_WC-2.xml').model;
    assert.equal(m.externalOrderNumber, 'WC-2');
    assert.equal(m.orderDate, '2026-11-28');
    assert.equal(m.pricesIncludeVat, true);
    assert.deepEqual(m.rows, [{ rowNumber: 1, articleCode: '00123', quantity: '1200.5', unitPrice: '12.50' }]);
  });

  it('refuses a broken file, a wrong root, a missing key and a bad value, naming the file and the element', () => {
    const bad = (xml: string, re: RegExp) => assert.throws(() => readFile('order', Buffer.from(xml), 'Order_X.xml'), (e: Error) => e instanceof FileError && re.test(e.message));
    bad('<Order><ExterntOrdernummer>X</Extern', /^Order_X\.xml: not well-formed XML at line 1/);
    bad('<Offert><ExterntOffertnummer>X</ExterntOffertnummer></Offert>', /^Order_X\.xml: the root element is <Offert>, expected <Order>/);
    bad('<Order><Rader><Rad><Artikelkod>1</Artikelkod><Antal>1</Antal></Rad></Rader></Order>', /Order\/ExterntOrdernummer \(externalOrderNumber\) is required/);
    bad('<Order><ExterntOrdernummer>X</ExterntOrdernummer><Rader><Rad><Artikelkod>1</Artikelkod><Antal>tre</Antal></Rad></Rader></Order>', /Order\/Rader\/Rad\[1\]\/Antal: "tre" is not a decimal number/);
  });

  it('keeps åäö and € in every code page; a character a code page cannot hold becomes a character reference', () => {
    const model = { scope: 'delta', articles: [{ articleCode: '00123', action: 'andrad', description: 'Sköld Ö € ✓', webActive: true }] };
    for (const cp of ['utf-8', 'windows-1252', 'iso-8859-1', 'cp437', 'cp850'] as const) {
      const bytes = writeFile('article', model, { codePage: cp });
      assert.equal(decodeFile(bytes).codePage, cp);
      const back = readFile('article', bytes, 'a.xml').model;
      assert.equal((back.articles as Model[])[0].description, 'Sköld Ö € ✓', cp);
      assert.equal((readMessage<Model>('article', bytes).model.articles as Model[])[0].description, 'Sköld Ö € ✓', `${cp}, read by the catalogue`);
    }
    assert.match(encodeFile('<a>€</a>', 'iso-8859-1').toString('latin1'), /&#8364;/);
  });

  it('writes a customer’s own elements (extra) back as they are', () => {
    const bytes = writeFile('article', { scope: 'delta', articles: [{ articleCode: '7', extra: { Webbkategori: 'Verktyg för proffs' } }] }, { codePage: 'utf-8' });
    assert.match(bytes.toString('utf8'), /<Webbkategori>Verktyg för proffs<\/Webbkategori>/);
    assert.deepEqual((readMessage<Model>('article', bytes).model.articles as Model[])[0].extra, { Webbkategori: 'Verktyg för proffs' });
  });

  it('checks an article change given as JSON by the same map', () => {
    const ok = checkRecord(ARTICLE_FIELDS, { articleCode: '1', webActive: 'N', basePrice: '12,5', webCategories: ['A'] }, 'article 1');
    assert.deepEqual(ok, { articleCode: '1', webActive: false, basePrice: '12.5', webCategories: ['A'] });
    assert.throws(() => checkRecord(ARTICLE_FIELDS, { articleCode: '1', webActive: 'kanske' }, 'article 1'), /article 1\.webActive: "kanske" is not yes\/no/);
  });

  it('reads and writes files without the package’s catalogue or XML layer (only the web services use them)', () => {
    for (const name of fs.readdirSync(SIM_SOURCES).filter((n) => n.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(SIM_SOURCES, name), 'utf8');
      if (name === 'soap.ts') continue;
      assert.doesNotMatch(src, /from '\.\.\/\.\.\/lib\/(messages|xml)'/, name);
    }
  });
});
