/*
 * Hostile input: each gets a clear error, quickly, and the process keeps running. Durations are
 * printed as diagnostics; the assertion bound is loose on purpose (shared, noisy machines): it is
 * there to catch an exponential blow-up, not to measure speed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import { buildMessage, buildMessageText, MessageError, openBatches, parseMessage, readMessage, streamRecords, validateModel } from '../../lib';
import { fixturesDir } from '../support/paths';

const LOOSE_BOUND_MS = 5000;

function expectError(label: string, input: string | Buffer, code: string, text: RegExp, type = 'article'): void {
  it(label, () => {
    // the bound catches a blow-up (entity expansion, quadratic scans), so it is on this process's
    // CPU time, which a loaded machine does not stretch the way it stretches wall-clock time
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    let caught: unknown;
    try {
      parseMessage(type, input, { fileName: 'Artikeldata_20261128T101500000_0001.xml' });
    } catch (e) {
      caught = e;
    }
    const cpu = process.cpuUsage(cpu0);
    const ms = (cpu.user + cpu.system) / 1000;
    process.stdout.write(`# ${label}: ${ms.toFixed(1)} ms CPU, ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms wall\n`);
    assert.ok(caught instanceof MessageError, `expected a MessageError, got ${String(caught)}`);
    assert.equal(caught.code, code);
    assert.match(caught.message, text);
    assert.match(caught.message, /^Artikeldata_20261128T101500000_0001\.xml: /);
    assert.ok(ms < LOOSE_BOUND_MS, `${label} took ${ms} ms of CPU`);
  });
}

describe('hostile input', () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
    ']><Artikeldata>&lol9;</Artikeldata>';
  expectError('entity bomb (billion laughs)', laughs, 'XML_DOCTYPE', /DOCTYPE declaration is not allowed/);
  expectError(
    'external entity',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Artikeldata>&xxe;</Artikeldata>',
    'XML_DOCTYPE',
    /DOCTYPE/,
  );
  expectError('external DTD', '<!DOCTYPE Artikeldata SYSTEM "http://127.0.0.1:1/x.dtd"><Artikeldata/>', 'XML_DOCTYPE', /DOCTYPE/);
  expectError('an undefined entity', '<Artikeldata>&xxe;</Artikeldata>', 'XML_MALFORMED', /undefined entity/);
  expectError('100,000-deep nesting', '<Artikeldata>' + '<a>'.repeat(100000) + '</a>'.repeat(100000) + '</Artikeldata>', 'XML_TOO_DEEP', /nested deeper than 64 levels/);
  expectError('__proto__ element', '<Artikeldata><Artikel><__proto__><x>1</x></__proto__></Artikel></Artikeldata>', 'XML_RESERVED_NAME', /"__proto__" is not allowed/);
  expectError('__proto__ attribute', '<Artikeldata __proto__="x"/>', 'XML_RESERVED_NAME', /attribute name "__proto__"/);
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Artikeldata>');
  expectError('invalid bytes', Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from('</Artikeldata>')]), 'ENCODING_INVALID_BYTES', new RegExp(`byte 0xc3 at offset ${head.length} is not valid utf-8`));
  expectError('a 50 MB single text node', '<Artikeldata><Artikel><LangText>' + 'x'.repeat(50 * 1024 * 1024) + '</LangText></Artikel></Artikeldata>', 'XML_TOO_LARGE', /text of <LangText> is longer than/);
  expectError('not XML at all', 'PK\u0003\u0004 this is a zip', 'XML_MALFORMED', /not well-formed/);
  expectError('the wrong message', '<Order/>', 'MESSAGE_ROOT', /expected root element <Artikeldata> for Artikeldata, found <Order>/);
  expectError('an empty file', '', 'XML_MALFORMED', /not well-formed|no root/);

  it('every truncation of a real file is an error, never a shorter result', () => {
    const whole = fs.readFileSync(path.join(fixturesDir, 'article.xml'));
    let errors = 0;
    const step = Math.max(1, Math.floor(whole.length / 200));
    for (let cut = 1; cut < whole.length - 1; cut += step) {
      assert.throws(() => parseMessage('article', whole.subarray(0, cut)), MessageError, `cut at ${cut} was accepted`);
      errors++;
    }
    assert.ok(errors > 100);
  });

  it('the streaming reader refuses the same things', async () => {
    const cases: [string, RegExp][] = [
      [laughs, /DOCTYPE/],
      ['<Artikeldata>' + '<Artikel>'.repeat(1000), /nested deeper/],
      ['<Artikeldata><Artikel><Artikelkod>1</Artikelkod></Artikel>', /not well-formed/],
    ];
    for (const [xml, re] of cases) {
      await assert.rejects(async () => {
        for await (const _ of streamRecords('article', Readable.from([Buffer.from(xml)]))) void _;
      }, re);
    }
  });
});

describe('parsed models are plain data, and parse and build agree', () => {
  const PROTO = ['toString', 'valueOf', 'hasOwnProperty', 'constructor', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', 'prototype'];

  it('element and attribute names of Object.prototype are ordinary keys, written back as they came', () => {
    const kids = PROTO.map((n) => `<${n}>x-${n}</${n}>`).join('') + '<toString>second</toString>';
    const xml = `<Lagersaldo><Artikelsaldo valueOf="v"><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>5</Disponibelt>${kids}</Artikelsaldo></Lagersaldo>`;
    const m = parseMessage<{ stock: { extra: Record<string, unknown> }[] }>('stock', xml);
    const extra = m.stock[0].extra;
    assert.equal(Object.getPrototypeOf(extra), Object.prototype);
    assert.deepEqual(Object.keys(extra), ['@valueOf', ...PROTO]);
    assert.deepEqual(extra.toString, ['x-toString', 'second']);
    for (const n of PROTO.slice(1)) assert.equal(extra[n], `x-${n}`);
    assert.equal(extra['@valueOf'], 'v');
    const back = buildMessageText('stock', m);
    assert.doesNotMatch(back, /native code|function/);
    assert.match(back, /<toString>x-toString<\/toString>\s*<toString>second<\/toString>/);
    assert.deepEqual(parseMessage('stock', back), { ...m, version: '1', created: (parseMessage('stock', back) as { created: string }).created });
    assert.equal(JSON.stringify(parseMessage('stock', back)).includes('function'), false);
  });

  it('a function, getter or class instance in extra is refused when building, never written', () => {
    const base = { stock: [{ articleCode: '1', warehouse: '01', available: '5' }] };
    const withExtra = (extra: unknown) => ({ ...base, stock: [{ ...base.stock[0], extra }] });
    const getter = Object.defineProperty({}, 'Okand', { get: () => 'x', enumerable: true });
    for (const [extra, re] of [
      [{ Okand: () => 1 }, /extra\.Okand is function/],
      [getter, /extra\.Okand is a getter or setter/],
      [{ Okand: new Date(0) }, /not plain data/],
      [{ 'not a name': 'x' }, /not an XML name/],
      [{ Okand: [['x']] }, /a list inside a list/],
    ] as [unknown, RegExp][]) {
      assert.throws(() => buildMessage('stock', withExtra(extra)), (e: unknown) => e instanceof MessageError && re.test(e.message));
    }
    // what is accepted comes back as a fresh plain copy
    const src = { Okand: { '@typ': 1, Kod: ['a', true] } };
    const m = validateModel<{ stock: { extra: unknown }[] }>('stock', withExtra(src));
    assert.deepEqual(m.stock[0].extra, { Okand: { '@typ': '1', Kod: ['a', 'true'] } });
  });

  it('a whitespace-only key (a non-breaking space too) is refused at parse, naming the record', () => {
    for (const blank of [' ', '\u00a0', ' \u00a0\t']) {
      const xml = `<Lagersaldo><Artikelsaldo><Artikelkod>${blank}</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>5</Disponibelt></Artikelsaldo></Lagersaldo>`;
      assert.throws(() => parseMessage('stock', xml), /Artikelsaldo\[1\] \(lagerstalle 01\): artikelkod is blank \(only whitespace\)/);
    }
    // an optional value that is only whitespace is no value (not "" that would read back as absent)
    const m = parseMessage<{ stock: Record<string, unknown>[] }>('stock', '<Lagersaldo><Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>5</Disponibelt><Saldo>\u00a0</Saldo></Artikelsaldo></Lagersaldo>');
    assert.equal(Object.hasOwn(m.stock[0], 'onHand'), false);
  });

  it('-0 is read as 0; page and perPage are at least 1', () => {
    const req = (sida: string, per: string) => `<OrderhistorikRequest><Kundnummer>010017</Kundnummer><Sida>${sida}</Sida><PerSida>${per}</PerSida></OrderhistorikRequest>`;
    const m = parseMessage<{ page: number }>('order-history', req('1', '5'), { part: 'request' });
    assert.equal(m.page, 1);
    assert.throws(() => parseMessage('order-history', req('0', '5'), { part: 'request' }), /sida is 0, less than 1/);
    assert.throws(() => parseMessage('order-history', req('-0', '5'), { part: 'request' }), /sida is 0, less than 1/);
    assert.throws(() => parseMessage('order-history', req('1', '-5'), { part: 'request' }), /perSida is -5, less than 1/);
    assert.throws(() => buildMessage('order-history', { customerNumber: '1', page: 0 }, { part: 'request' }), /sida is 0, less than 1/);
    const row = parseMessage<{ rows: { rowNumber: number }[] }>(
      'order',
      '<Order><ExterntOrdernummer>1</ExterntOrdernummer><Kundnummer>1</Kundnummer><Rader><Rad><Radnummer>-0</Radnummer><Artikelkod>1</Artikelkod><Antal>1</Antal></Rad></Rader></Order>',
    );
    assert.ok(Object.is(row.rows[0].rowNumber, 0));
  });

  it('a duplicated list wrapper: both reads take the records of every occurrence (22, not 11 and 22)', async () => {
    const fixture = fs.readFileSync(path.join(fixturesDir, 'price-list.xml'), 'utf8');
    const wrapper = /<Prislistepriser>[\s\S]*?<\/Prislistepriser>/.exec(fixture)?.[0] as string;
    const twice = fixture.replace(wrapper, wrapper + '\n' + wrapper.replace('<Prislistepriser>', '<Prislistepriser><Okand>i andra</Okand>'));
    const whole = readMessage<{ priceListPrices: unknown[]; extra: unknown }>('price-list', twice).model;
    const streamed: unknown[] = [];
    let header: Record<string, unknown> = {};
    for await (const b of streamRecords('price-list', Readable.from([Buffer.from(twice)]), { batchSize: 5 })) {
      if (b.list === 'priceListPrices') streamed.push(...b.records);
      header = b.header;
    }
    assert.equal(whole.priceListPrices.length, 22);
    assert.deepEqual(streamed, whole.priceListPrices);
    assert.deepEqual(whole.extra, { Prislistepriser: { Okand: 'i andra' } });
    assert.deepEqual(header.extra, whole.extra);
  });

  it('unknown content over the per-record limit fails the file, naming the file, the record and the element', () => {
    const many = '<Okand>x</Okand>'.repeat(1001);
    const xml = `<Lagersaldo><Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>5</Disponibelt></Artikelsaldo><Artikelsaldo><Artikelkod>00123</Artikelkod><Lagerstalle>02</Lagerstalle><Disponibelt>5</Disponibelt>${many}</Artikelsaldo></Lagersaldo>`;
    const re = /^Lagersaldo_1\.xml: Artikelsaldo\[2\] \(artikelkod 00123, lagerstalle 02\): more than 1000 unknown elements in one record \(reached at <Okand>, line 1\): over the limit of unknown content kept under "extra" \(option maxExtraElements\)$/;
    assert.throws(() => readMessage('stock', xml, { fileName: 'Lagersaldo_1.xml', invalid: 'collect' }), (e: unknown) => e instanceof MessageError && re.test(e.message));
    // a limit is an option
    assert.equal(readMessage('stock', xml, { maxExtraElements: 2000 }).count, 2);
    assert.throws(() => readMessage('stock', xml, { maxExtraChars: 100 }), /more than 100 characters of unknown elements in one record/);
  });

  it('a streamed read holds one record at a time, and no record may hold more than 50,000 elements', async () => {
    const huge = `<Lagersaldo><Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle>${'<Okand/>'.repeat(60_000)}</Artikelsaldo></Lagersaldo>`;
    await assert.rejects(async () => {
      for await (const b of streamRecords('stock', Readable.from([Buffer.from(huge)]), { fileName: 'Lagersaldo_2.xml' })) void b;
    }, /^MessageError: Lagersaldo_2\.xml: <Artikelsaldo> \(line 1\) holds more than 50000 elements, more than one read may hold in memory/);
  });

  it('auto-detected code page: whole read and streaming decide alike, also past the first 4 KB', async () => {
    const row = (i: number, name: string) => `<Artikel><Artikelkod>${i}</Artikelkod><Benamning>${name}</Benamning></Artikel>`;
    const ascii = Array.from({ length: 200 }, (_, i) => row(i, 'Skruv')).join('');
    const cp1252 = Buffer.concat([Buffer.from(`<Artikeldata>${ascii}`), iconv.encode(row(999, 'Kåpa'), 'windows-1252'), Buffer.from('</Artikeldata>')]);
    const mixed = Buffer.concat([Buffer.from(`<Artikeldata>${row(0, 'Kåpa')}${ascii}`), iconv.encode(row(999, 'Kåpa'), 'windows-1252'), Buffer.from('</Artikeldata>')]);
    assert.ok(cp1252.indexOf(0xe5) > 4096);
    const streamed = async (b: Buffer) => {
      const out: unknown[] = [];
      let enc = '';
      for await (const x of streamRecords('article', Readable.from([b.subarray(0, 3000), b.subarray(3000)]))) {
        out.push(...x.records);
        enc = x.encoding;
      }
      return { out, enc };
    };
    const whole = readMessage<{ articles: { description: string }[] }>('article', cp1252);
    assert.equal(whole.encoding, 'windows-1252');
    assert.equal(whole.model.articles[200].description, 'Kåpa');
    const s = await streamed(cp1252);
    assert.deepEqual(s.out, whole.model.articles);
    assert.equal(s.enc, 'windows-1252');
    // UTF-8 first, a Windows-1252 byte later: the same error both ways, never a silent mix
    assert.throws(() => readMessage('article', mixed), /byte 0xe5 at offset \d+ is not valid utf-8 \(the first non-ASCII bytes of the file were UTF-8\)/);
    await assert.rejects(streamed(mixed), /is not valid utf-8/);
  });

  it('the limits are options of openBatches too', async () => {
    const xml = Buffer.from(`<Lagersaldo>${'<Okand/>'.repeat(6)}<Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>1</Disponibelt></Artikelsaldo></Lagersaldo>`);
    const open = (limits: object) =>
      openBatches('stock', { buffer: xml }, { policy: 'fail', batchSize: 10, perRecord: false, fileName: 'Lagersaldo_3.xml', limits }).then(async (b) => {
        for await (const x of b.batches()) void x;
      });
    await open({});
    await assert.rejects(open({ maxFileExtraElements: 5 }), /Lagersaldo_3\.xml: Lagersaldo has no <Artikelsaldo> records but more than 5 unknown elements \(reached at <Okand>, line 1\)/);
  });
});
