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
import { MessageError, parseMessage, streamRecords } from '../../lib';
import { fixturesDir } from '../support/paths';

const LOOSE_BOUND_MS = 5000;

function expectError(label: string, input: string | Buffer, code: string, text: RegExp, type = 'article'): void {
  it(label, () => {
    const t0 = process.hrtime.bigint();
    let caught: unknown;
    try {
      parseMessage(type, input, { fileName: 'Artikeldata_20261128T101500000_0001.xml' });
    } catch (e) {
      caught = e;
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(`# ${label}: ${ms.toFixed(1)} ms\n`);
    assert.ok(caught instanceof MessageError, `expected a MessageError, got ${String(caught)}`);
    assert.equal(caught.code, code);
    assert.match(caught.message, text);
    assert.match(caught.message, /^Artikeldata_20261128T101500000_0001\.xml: /);
    assert.ok(ms < LOOSE_BOUND_MS, `${label} took ${ms} ms`);
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
  expectError('constructor element', '<Artikeldata><constructor/></Artikeldata>', 'XML_RESERVED_NAME', /"constructor" is not allowed/);
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
