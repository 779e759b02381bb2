/**
 * The streaming record reader (lib/xml/flat.ts + lib/messages/fastcheck.ts) and the one-read
 * "fail the whole file" path (lib/messages/batches.ts, the spill):
 * - the fast value rules give exactly what the ordinary path (readRecord + zod) gives, for values
 *   in Pyramid's plain shapes and for every odd spelling the ordinary path accepts or refuses;
 * - a streamed read gives the same records as a whole read, with records the fast path declines
 *   (unknown elements, repeated ones, odd attributes) mixed in;
 * - under `fail` the batches read back from the spill equal those of a second read (the spill off),
 *   and the spill file is gone when the batches are read through, when the check fails and when
 *   the batches are abandoned half-way. The spill lives in os.tmpdir(), pointed at a temp dir of
 *   this test (TMPDIR), so what is left behind can be seen.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openBatches, readMessage, streamRecords, type Batch, type BatchOptions } from '../../lib';
import { bodyOf, getDescriptor, schemasOf } from '../../lib/messages';
import { readRecord, recordLists } from '../../lib/messages/engine';
import { fastRead } from '../../lib/messages/fastcheck';
import { parseXmlText, type XmlElement } from '../../lib/xml/reader';
import { catalogue } from '../../lib';
import { fixturesDir } from '../support/paths';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n';

function row(i: number, saldo = String(i), more = ''): string {
  return `<Artikelsaldo><Artikelkod>A${i}</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>${saldo}</Saldo><Disponibelt>${i}</Disponibelt>${more}</Artikelsaldo>\n`;
}

function stockXml(n: number, bad: number[] = []): Buffer {
  let s = HEAD;
  for (let i = 1; i <= n; i++) s += row(i, bad.includes(i) ? 'abc' : String(i));
  return Buffer.from(s + '</Lagersaldo>\n');
}

async function all(it: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** The fast path and readRecord + zod on each record of a list: the same model whenever the fast path takes one; how many it took. */
function agreeing(type: string, item: string, xmls: string[]): number {
  const body = bodyOf(getDescriptor(type), 'file');
  const list = recordLists(body).find((l) => l.item === item)!;
  const schema = schemasOf(body).items.get(list.key)!;
  let fast = 0;
  for (const xml of xmls) {
    const el = parseXmlText(xml);
    const ordinary = schema.safeParse(readRecord(list.fields ?? [], el));
    const f = fastRead(list, el);
    if (f === undefined) continue;
    fast++;
    assert.ok(ordinary.success, `the fast path took ${xml}, which the schema refuses`);
    assert.equal(JSON.stringify(f), JSON.stringify(ordinary.data), xml);
  }
  return fast;
}

describe('fast value rules', () => {
  const decimals = ['12.50', '12,50', '0', '0.5', '0,0', '05', '00.5', '1.', '.5', ',5', '-1', '+2', ' 3 ', '1 234,50', '1\u00a0234', '1,2,3', '1e5', 'x', '', ' ', '0000', '-0', '-0.0', '123456789012345678901234567890123456789012.5'];
  const dates = ['2026-01-31', '20260131', '2026-02-30', '20260230', '2024-02-29', '2023-02-29', ' 2026-01-31', '2026-0131', '2026-13-01', '2026-00-10', 'x', '', '2026-1-1'];
  const booleans = ['J', 'N', '1', '0', 'true', 'false', 'j', 'Ja', 'NEJ', ' J', 'sant', 'maybe', ''];
  const integers = ['1', '0', '007', '10', ' 5', '-1', '+3', '1.0', '999999999999999', '9999999999999999', 'x', ''];
  const record = (p: { price?: string; from?: string; incl?: string; qty?: string }): string =>
    `<Prislistepris><Prislista>01</Prislista><Artikelkod> A1 </Artikelkod>${p.qty === undefined ? '' : `<FranAntal>${p.qty}</FranAntal>`}` +
    `<Pris>${p.price ?? '1'}</Pris><Valuta>SEK</Valuta>${p.incl === undefined ? '' : `<InklMoms>${p.incl}</InklMoms>`}` +
    `${p.from === undefined ? '' : `<GiltigFran>${p.from}</GiltigFran>`}</Prislistepris>`;

  const cases = [
    ...decimals.map((price) => record({ price })),
    ...dates.map((from) => record({ from })),
    ...booleans.map((incl) => record({ incl })),
    ...integers.map((qty) => record({ qty })),
  ];
  it(`agree with readRecord + zod on ${cases.length} odd and plain values`, () => {
    // the plain shapes are taken by the fast path, not all declined
    const fast = agreeing('price-list', 'Prislistepris', cases);
    assert.ok(fast >= 30, `fast path took ${fast}`);
  });

  it('agree with readRecord + zod on timestamps, plain and odd', () => {
    const stamps = ['2026-11-01T10:14:02+01:00', '2026-11-01T10:14:02Z', '2026-11-01T10:14:02', '2026-11-01T10:14:02-05:30', '2026-02-30T10:14:02Z', '2026-11-01T24:00:00', '2026-11-01T23:60:00', '2026-11-01T23:59:60', '2026-11-01T23:59:61', '2026-11-01 10:14:02', '2026-11-01T10:14:02.5+01:00', '2026-11-01T10:14:02+0100', '2026-11-01T10:14:02+01', ' 2026-11-01T10:14:02Z', '2026-11-01T10:14:02*01:00', '2026-11-01T10:14:02+01-00', '2026-11-01', '20261101T101402', '2026-11-01T1O:14:02Z', ''];
    const fast = agreeing('article', 'Artikel', stamps.map((s) => `<Artikel><Artikelkod>A1</Artikelkod><Benamning>x</Benamning><Andrad>${s}</Andrad></Artikel>`));
    assert.ok(fast >= 4, `fast path took ${fast}`);
  });
});

describe('the generated fast path on every fixture', () => {
  // each record of each list of each message's fixture: the fast path takes it and gives what
  // readRecord + zod give (fixtures hold groups, wrapped and direct lists, attributes, list items of
  // single values), or declines it
  for (const d of catalogue.filter((x) => x.file)) {
    it(`${d.type}.xml`, () => {
      const root = parseXmlText(fs.readFileSync(path.join(fixturesDir, `${d.type}.xml`), 'utf8'));
      const body = bodyOf(getDescriptor(d.type), 'file');
      let took = 0;
      let records = 0;
      for (const list of recordLists(body)) {
        const holders: XmlElement[] = list.xml === '' ? [root] : root.children.filter((c) => c.name === list.xml);
        const items = holders.flatMap((h) => h.children.filter((c) => c.name === list.item));
        const schema = schemasOf(body).items.get(list.key)!;
        for (const el of items) {
          records++;
          const f = fastRead(list, el);
          if (f === undefined) continue;
          took++;
          const ordinary = schema.safeParse(readRecord(list.fields ?? [], el));
          assert.ok(ordinary.success, `the fast path took a ${list.item} the schema refuses`);
          assert.equal(JSON.stringify(f), JSON.stringify(ordinary.data), `${list.item} at line ${el.line}`);
          assert.equal(Object.getPrototypeOf(f), Object.prototype);
        }
      }
      assert.ok(records > 0, 'the fixture has records');
      assert.ok(took > 0, `the fast path took none of ${records} records`);
    });
  }
});

describe('streamed records', () => {
  it('equal a whole read, with declined records (unknown, repeated, attributes) mixed in', async () => {
    let s = HEAD;
    for (let i = 1; i <= 50; i++) {
      if (i % 7 === 0) s += row(i, String(i), '<Egen a="1">x<Del>y</Del></Egen>');
      else if (i % 11 === 0) s += row(i, String(i), `<Saldo>${i}</Saldo>`);
      else if (i % 13 === 0) s += row(i).replace('<Artikelsaldo>', '<Artikelsaldo egen="j">');
      else s += row(i, i % 2 ? `${i},5` : String(i));
    }
    const xml = Buffer.from(s + '<Slut>ok</Slut></Lagersaldo>\n');
    const whole = readMessage('stock', xml, { invalid: 'collect' });
    // split at every byte position class: small chunks cross every tag and text
    const chunks: Buffer[] = [];
    for (let i = 0; i < xml.length; i += 37) chunks.push(xml.subarray(i, i + 37));
    const streamed: unknown[] = [];
    let header: unknown;
    for await (const b of streamRecords('stock', chunks, { batchSize: 8, invalid: 'collect' })) {
      assert.deepEqual(b.invalid, []);
      streamed.push(...b.records);
      header = b.header;
    }
    assert.deepEqual(streamed, (whole.model as { stock: unknown[] }).stock);
    const { stock: _rows, ...wholeHeader } = whole.model as Record<string, unknown>;
    assert.deepEqual(header, wholeHeader);
    assert.deepEqual(wholeHeader.extra, { Slut: 'ok' });
  });
});

describe('one read under "fail the whole file" (the spill)', () => {
  let tmp: string;
  let saved: string | undefined;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-spill-test-'));
    saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    assert.equal(os.tmpdir(), tmp);
  });
  after(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const left = (): string[] => fs.readdirSync(tmp).filter((n) => n.startsWith('pyramid-spill-'));
  const opts = (o: Partial<BatchOptions> = {}): BatchOptions => ({ policy: 'fail', batchSize: 7, perRecord: false, fileName: 'Lagersaldo.xml', ...o });

  it('gives the batches a second read gives, and leaves nothing behind', async () => {
    const xml = stockXml(100);
    const file = path.join(tmp, 'Lagersaldo_1.xml');
    fs.writeFileSync(file, xml);
    const spilled = await openBatches('stock', { filepath: file }, opts());
    assert.equal(left().length, 1, 'the validated batches wait on disk');
    const a = await all(spilled.batches());
    assert.deepEqual(left(), []);
    const reread = await openBatches('stock', { filepath: file }, opts({ maxSpillBytes: 0 }));
    assert.deepEqual(left(), []);
    const b = await all(reread.batches());
    assert.equal(a.length, 15);
    assert.deepEqual(a, b);
    assert.equal(JSON.stringify(a), JSON.stringify(b), 'same keys in the same order');
    assert.equal(spilled.total, 100);
    assert.equal(spilled.messages, 15);
    // over the limit: no spill, the batches come from a second read
    const small = await openBatches('stock', { buffer: xml }, opts({ maxSpillBytes: 500 }));
    assert.deepEqual(left(), []);
    assert.deepEqual(await all(small.batches()), b);
  });

  it('is removed when the check fails and when the batches are abandoned', async () => {
    await assert.rejects(openBatches('stock', { buffer: stockXml(60, [55]) }, opts()), /Artikelsaldo\[55\]/);
    assert.deepEqual(left(), []);
    const src = await openBatches('stock', { buffer: stockXml(60) }, opts());
    assert.equal(left().length, 1);
    let n = 0;
    for await (const b of src.batches()) {
      n += b.records.length;
      if (n >= 14) break;
    }
    assert.deepEqual(left(), []);
    // a stop asked for between batches
    let stop = false;
    const stopped = await openBatches('stock', { buffer: stockXml(60) }, opts({ checkStop: () => {
      if (stop) throw new Error('stopped');
    } }));
    stop = false;
    const it = stopped.batches()[Symbol.asyncIterator]();
    await it.next();
    stop = true;
    await assert.rejects(it.next(), /stopped/);
    assert.deepEqual(left(), []);
  });
});
