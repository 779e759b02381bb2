import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import {
  decode,
  decoderStream,
  detectEncoding,
  encode,
  firstInvalidUtf8,
  normalizeEncoding,
  parseXml,
  streamElements,
  writeXml,
  writeXmlText,
  XmlError,
  type Encoding,
} from '../../lib/xml';
import { decodeInRuns } from '../../lib/xml/encoding';

const SWEDISH = 'Björk & Söner AB, Göteborg: ÅÄÖ åäö';

function bytes(text: string, enc: Encoding): Buffer {
  return enc === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, enc);
}

describe('encodings', () => {
  it('knows the aliases people write', () => {
    assert.equal(normalizeEncoding('UTF8'), 'utf-8');
    assert.equal(normalizeEncoding('cp1252'), 'windows-1252');
    assert.equal(normalizeEncoding('Latin1'), 'iso-8859-1');
    assert.equal(normalizeEncoding('IBM850'), 'cp850');
    assert.equal(normalizeEncoding('ibm437'), 'cp437');
    assert.throws(() => normalizeEncoding('ebcdic'), /unsupported encoding "ebcdic"/);
  });

  for (const enc of ['utf-8', 'windows-1252', 'iso-8859-1', 'cp437', 'cp850'] as Encoding[]) {
    it(`reads åäöÅÄÖ from ${enc} when the declaration names it`, () => {
      const decl = { 'utf-8': 'UTF-8', 'windows-1252': 'windows-1252', 'iso-8859-1': 'ISO-8859-1', cp437: 'IBM437', cp850: 'IBM850' }[enc];
      const doc = parseXml(bytes(`<?xml version="1.0" encoding="${decl}"?><a>${SWEDISH.replace('&', '&amp;')}</a>`, enc));
      assert.equal(doc.encoding, enc);
      assert.equal(doc.root.text, SWEDISH);
    });
    it(`reads åäöÅÄÖ from ${enc} when only the configuration names it`, () => {
      const doc = parseXml(bytes(`<a>${SWEDISH.replace('&', '&amp;')}</a>`, enc), enc);
      assert.equal(doc.root.text, SWEDISH);
    });
  }

  it('keeps € in windows-1252 and utf-8', () => {
    for (const enc of ['windows-1252', 'utf-8'] as Encoding[]) {
      assert.equal(decode(encode('Pris 12,50 €', enc), enc).text, 'Pris 12,50 €');
    }
  });

  it('decodes every byte of each single-byte code page as iconv-lite does, whole and streamed', () => {
    for (const enc of ['windows-1252', 'iso-8859-1', 'cp437', 'cp850'] as Encoding[]) {
      const all = Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7 + (k >> 8)) & 0xff));
      const expected = iconv.decode(all, enc);
      const d = decoderStream(enc);
      let streamed = '';
      for (let i = 0; i < all.length; i += 1000) streamed += d.write(all.subarray(i, i + 1000));
      assert.equal(streamed + d.end(), expected, enc);
      // what the whole-document decoder takes (no byte the code page leaves undefined)
      const defined = Buffer.from(all.filter((b) => enc !== 'windows-1252' || ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)));
      const xml = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${enc}"?>`), defined]);
      assert.equal(decode(xml, enc).text, iconv.decode(xml, enc), enc);
    }
  });

  it('decodes in runs the same text, with `€` and the other bytes 0x80-0x9F in strings of their own', () => {
    const all = Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7 + (k >> 8)) & 0xff).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)));
    for (const bytes of [all, Buffer.from('Pris 12,50 ', 'latin1'), Buffer.from([0x80]), Buffer.from([0x80, 0x99, 0x41, 0x80]), Buffer.alloc(0)]) {
      for (const enc of ['windows-1252', 'iso-8859-1'] as Encoding[]) {
        const runs: string[] = [];
        assert.equal(decodeInRuns(bytes, enc, (t) => runs.push(t)), true);
        assert.equal(runs.join(''), iconv.decode(bytes, enc), enc);
        for (const r of runs) {
          assert.ok(r.length > 0);
          const c1 = [...r].map((c) => iconv.encode(c, enc)[0] >= 0x80 && iconv.encode(c, enc)[0] <= 0x9f);
          assert.ok(c1.every((x) => x === c1[0]), `a run is all 0x80-0x9F or none: ${JSON.stringify(r)}`);
        }
      }
    }
    assert.equal(decodeInRuns(all, 'cp850', () => assert.fail('sunk')), false, 'other code pages: the ordinary decoder');
  });

  it('a BOM wins over everything', () => {
    const b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a>å</a>')]);
    assert.deepEqual(detectEncoding(b, 'windows-1252'), { encoding: 'utf-8', bomLength: 3, source: 'bom' });
    assert.equal(parseXml(b, 'windows-1252').root.text, 'å');
  });

  it('the declaration wins over the configured encoding', () => {
    const b = iconv.encode('<?xml version="1.0" encoding="windows-1252"?><a>€</a>', 'windows-1252');
    assert.equal(parseXml(b, 'utf-8').root.text, '€');
  });

  it('auto: valid UTF-8 is UTF-8, anything else Windows-1252', () => {
    assert.equal(detectEncoding(Buffer.from('<a>å€</a>', 'utf8')).encoding, 'utf-8');
    assert.equal(detectEncoding(iconv.encode('<a>å€</a>', 'windows-1252')).encoding, 'windows-1252');
    assert.equal(parseXml(iconv.encode('<a>Kött & fläsk</a>'.replace('&', '&amp;'), 'windows-1252')).root.text, 'Kött & fläsk');
  });

  it('invalid bytes under an explicit encoding name the offset', () => {
    const b = Buffer.concat([Buffer.from('<a>ok'), Buffer.from([0xe5]), Buffer.from('</a>')]);
    assert.throws(
      () => parseXml(b, 'utf-8'),
      (e: unknown) => e instanceof XmlError && e.code === 'ENCODING_INVALID_BYTES' && e.offset === 5 && /offset 5/.test(e.message),
    );
    const c = Buffer.concat([Buffer.from('<a>'), Buffer.from([0x81]), Buffer.from('</a>')]);
    assert.throws(() => parseXml(c, 'windows-1252'), /byte 0x81 at offset 3 is not valid windows-1252/);
  });

  it('finds invalid UTF-8 exactly: overlong, surrogates, cut sequences', () => {
    assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82]), false), -1);
    assert.equal(firstInvalidUtf8(Buffer.from('åäö€😀', 'utf8')), -1);
  });

  it('refuses characters the code page cannot hold, or writes references when asked', () => {
    assert.throws(() => encode('Pris i €', 'cp437'), (e: unknown) => e instanceof XmlError && e.code === 'ENCODING_UNENCODABLE' && /"€" \(U\+20AC\)/.test(e.message));
    assert.throws(() => encode('ok ✓', 'windows-1252'), /cannot be written in windows-1252/);
    const b = encode('Pris i € 😀', 'cp437', 'reference');
    assert.equal(b.toString('latin1'), 'Pris i &#8364; &#128512;');
    assert.equal(parseXml(Buffer.concat([Buffer.from('<a>'), b, Buffer.from('</a>')]), 'cp437').root.text, 'Pris i € 😀');
  });
});

describe('reader: exact text', () => {
  it('keeps values as written: leading zeros, exponents, whitespace', () => {
    const r = parseXml('<a><k>00123</k><e>12E3</e><t>  två  rader\n  här </t><n>-0</n></a>').root;
    assert.deepEqual(r.children.map((c) => c.text), ['00123', '12E3', '  två  rader\n  här ', '-0']);
  });
  it('decodes entities and character references exactly once', () => {
    const r = parseXml('<a x="1&amp;#233;"><c>&amp;lt; &#233;&#x20AC; &amp;#233; &amp;amp; &#38;amp;</c><d><![CDATA[a&amp;<b>]]></d></a>').root;
    assert.equal(r.attrs.x, '1&#233;');
    assert.equal(r.children[0].text, '&lt; é€ &#233; &amp; &amp;');
    assert.equal(r.children[1].text, 'a&amp;<b>');
  });
  it('keeps attributes and strips namespace prefixes', () => {
    const r = parseXml('<s:Envelope xmlns:s="urn:x"><s:Body><m:Op xmlns:m="urn:y" m:id="7">v</m:Op></s:Body></s:Envelope>').root;
    assert.equal(r.name, 'Envelope');
    assert.equal(r.children[0].children[0].name, 'Op');
    assert.equal(r.children[0].children[0].attrs.id, '7');
    assert.equal(Object.getPrototypeOf(r.attrs), null);
  });
  it('gives attributes by local name in document order, a later one of the same local name winning; duplicates refused however many', () => {
    const r = parseXml('<r xmlns="urn:d" b="1" p:a="2" xmlns:p="urn:p" q:a="3" c="4" toString="5"><x/></r>').root;
    assert.deepEqual(Object.entries(r.attrs), [['b', '1'], ['a', '3'], ['c', '4'], ['toString', '5']]);
    assert.equal(Object.getPrototypeOf(r.attrs), null);
    assert.deepEqual(Object.entries(r.children[0].attrs), []);
    const many = Array.from({ length: 40 }, (_, k) => `a${k}="${k}"`).join(' ');
    assert.equal(Object.keys(parseXml(`<r ${many}/>`).root.attrs).length, 40);
    for (const dup of ['a3', 'a20', 'a39']) assert.throws(() => parseXml(`<r ${many} ${dup}="x"/>`), new RegExp(`attribute ${dup} appears twice`));
  });
});

describe('writer', () => {
  it('escapes once, and what it writes reads back to the same text', () => {
    const values = ['Björk & Söner <AB>', 'a "quoted" \'one\'', '&amp; stays literal', 'tab\there\r\nnext', ' edge spaces '];
    for (const v of values) {
      const xml = writeXmlText({ name: 'a', attrs: { v }, children: [{ name: 't', text: v }] });
      const r = parseXml(xml).root;
      assert.equal(r.attrs.v, v);
      assert.equal(r.children[0].text, v);
    }
  });
  it('declares the code page it writes', () => {
    const b = writeXml({ name: 'a', text: 'åäö' }, 'cp850');
    assert.match(b.toString('latin1'), /^<\?xml version="1.0" encoding="IBM850"\?>/);
    assert.equal(parseXml(b).root.text, 'åäö');
  });
  it('refuses characters XML cannot carry and names the element', () => {
    assert.throws(() => writeXmlText({ name: 'a', children: [{ name: 'b', text: 'x\u0001y' }] }), /the text of <b> contains U\+0001/);
  });
  it('refuses names that are not XML names', () => {
    assert.throws(() => writeXmlText({ name: 'a b' }), /cannot be used as an XML element/);
    assert.throws(() => writeXmlText({ name: '__proto__' }), /cannot be used/);
  });
});

describe('streaming reader', () => {
  it('yields captured records across chunk boundaries in any code page', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `<R n="${i}">Kött ${i} €</R>`).join('');
    const b = iconv.encode(`<?xml version="1.0" encoding="windows-1252"?><Root a="1">${rows}</Root>`, 'windows-1252');
    const chunks: Buffer[] = [];
    for (let i = 0; i < b.length; i += 7) chunks.push(b.subarray(i, i + 7));
    const seen: string[] = [];
    for await (const { el } of streamElements(Readable.from(chunks), { decide: (p) => (p.length === 2 ? 'capture' : 'descend') })) {
      seen.push(el.text);
    }
    assert.equal(seen.length, 500);
    assert.equal(seen[499], 'Kött 499 €');
  });
  it('multi-byte UTF-8 split between chunks survives', async () => {
    const b = Buffer.from('<Root><R>åäö€😀</R></Root>', 'utf8');
    const chunks = Array.from(b).map((x) => Buffer.from([x]));
    const out: string[] = [];
    for await (const { el } of streamElements(Readable.from(chunks), { decide: (p) => (p.length === 2 ? 'capture' : 'descend') })) out.push(el.text);
    assert.deepEqual(out, ['åäö€😀']);
  });
  it('an invalid byte deep in a UTF-8 stream names its offset', async () => {
    const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Root>' + '<R>x</R>'.repeat(2000));
    const b = Buffer.concat([head, Buffer.from([0xff]), Buffer.from('</Root>')]);
    await assert.rejects(async () => {
      for await (const _ of streamElements(Readable.from([b.subarray(0, 5000), b.subarray(5000)]), { decide: () => 'descend' })) void _;
    }, new RegExp(`offset ${head.length} is not valid utf-8`));
  });
});
