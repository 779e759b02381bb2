/*
 * The strict tokenizer (lib/xml/tokenizer.ts) against a second implementation: saxes, a conformant
 * XML tokenizer, reads the same documents (thousands of seeded mutations of real-shaped documents,
 * each in one chunk and cut in two) and both must agree on every event or both refuse. The two
 * places where saxes accepts what XML 1.0 forbids are asserted separately. Then the tokenizer's own
 * promises: any chunking gives the same events, line ends and attribute values normalised, errors
 * with their line and column, a cap on what it holds between chunks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { XmlSyntaxError, XmlTokenizer } from '../../lib/xml/tokenizer';
import { rng } from '../support/rng';
import { nameAt } from '../../lib/xml/chars';

type Outcome = { events: string[] } | { error: string };

function bySaxes(chunks: string[]): Outcome {
  const events: string[] = [];
  let depth = 0;
  let text = '';
  const flush = (): void => {
    if (text) events.push(`T${text}`);
    text = '';
  };
  const p = new SaxesParser({ xmlns: false });
  p.on('error', (e) => {
    throw e;
  });
  p.on('doctype', () => {
    throw new Error('DOCTYPE');
  });
  p.on('opentag', (tag: SaxesTagPlain) => {
    flush();
    depth++;
    events.push(`O${tag.name}${JSON.stringify(Object.entries(tag.attributes))}`);
  });
  p.on('closetag', (tag) => {
    flush();
    depth--;
    events.push(`C${tag.name}`);
  });
  p.on('text', (t) => {
    if (depth > 0) text += t;
  });
  p.on('cdata', (t) => {
    if (depth > 0) text += t;
  });
  try {
    for (const c of chunks) p.write(c);
    p.close();
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { events };
}

function byOurs(chunks: string[], maxPending = 1 << 20): Outcome {
  const events: string[] = [];
  let text = '';
  const flush = (): void => {
    if (text) events.push(`T${text}`);
    text = '';
  };
  const t = new XmlTokenizer(
    {
      open(name, attrs) {
        flush();
        const pairs: string[][] = [];
        for (let k = 0; attrs && k < attrs.length; k += 2) pairs.push([attrs[k], attrs[k + 1]]);
        events.push(`O${name}${JSON.stringify(pairs)}`);
      },
      close(name) {
        flush();
        events.push(`C${name}`);
      },
      text(s) {
        text += s;
      },
      doctype() {
        throw new Error('DOCTYPE');
      },
    },
    maxPending,
  );
  try {
    for (const c of chunks) t.write(c);
    t.close();
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { events };
}

const BASES = [
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- Fullständig prislista -->\n<PrisFullstandig version="1" omfattning=\'full\'>\n  <Prislistepriser>\n    <Prislistepris><Prislista>01</Prislista><Artikelkod>A&lt;1</Artikelkod><Pris>1055,89</Pris><GiltigTill/></Prislistepris>\n    <Prislistepris x="&#x41;&#66;"><Benamning><![CDATA[Skruv <M8> & mutter]]></Benamning></Prislistepris>\n  </Prislistepriser>\n  <?pyramid export?>\n</PrisFullstandig>\n',
  '<a><b c="d">e&gt;f</b><g/></a>',
  '<?xml version="1.0" encoding="windows-1252"?><Pyr:Artikeldata xmlns:Pyr="urn:p"><Pyr:Benamning>Sågklinga åäö €</Pyr:Benamning></Pyr:Artikeldata>',
];
const BITS = ['<', '>', '&', ';', '/', '!', '?', '-', '[', ']', '"', "'", '=', ' ', '\n', '\r', '\r\n', '\t', 'a', 'Z', ':', '_', '.', '1', 'é', '\u00b7', '\u0300', '\u0001', '\uFFFE', '\u00a0', '\uFEFF', '😀', 'CDATA[', '&amp;', '&#x41;', '&#0;', '&#xD800;', '&#1114111;', '&#1114112;', '&foo;', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE a>', '</a>', '<a>', '<b/>', 'x="1"', '<![CDATA[', '?>'];

describe('XmlTokenizer against saxes', () => {
  it('agrees on 6,000 mutated documents, whole and cut in two: the same events, or both refuse', () => {
    const rnd = rng(20261202);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
    let accepted = 0;
    let refused = 0;
    const saxesLax: string[] = [];
    for (let k = 0; k < 6000; k++) {
      let s = pick(BASES);
      for (let m = 1 + Math.floor(rnd() * 2); m > 0; m--) {
        const i = Math.floor(rnd() * (s.length + 1));
        const op = rnd();
        if (op < 0.4) s = s.slice(0, i) + pick(BITS) + s.slice(i);
        else if (op < 0.7) s = s.slice(0, i) + s.slice(i + 1 + Math.floor(rnd() * 3));
        else s = s.slice(0, i) + pick(BITS) + s.slice(i + 1);
      }
      const cut = Math.floor(rnd() * s.length);
      const chunks = rnd() < 0.5 ? [s] : [s.slice(0, cut), s.slice(cut)];
      const a = bySaxes(chunks);
      const b = byOurs(chunks);
      if ('error' in a && 'error' in b) {
        refused++;
        continue;
      }
      if ('events' in a && 'error' in b && /^(?:unexpected character after <\?|disallowed character U\+D[89A-F])/.test(b.error)) {
        // saxes accepts a processing instruction whose target runs into "?" and lone surrogates (cut emoji): XML 1.0 does not
        saxesLax.push(b.error);
        continue;
      }
      assert.deepEqual(b, a, JSON.stringify(chunks));
      accepted++;
    }
    assert.ok(accepted > 500 && refused > 3000, `a useful mix: ${accepted} accepted, ${refused} refused`);
    assert.ok(saxesLax.length < 50, `few documents only saxes accepts: ${saxesLax.length}`);
  });

  it('refuses what saxes lets through: a processing-instruction target followed by "?", a lone surrogate', () => {
    for (const doc of ['<?pi?data?><a/>', '<a><?p? x?></a>', '<a>x\ud83dy</a>', '<a><![CDATA[x\ud83d<]]></a>']) {
      assert.ok('events' in bySaxes([doc]), `saxes accepts ${JSON.stringify(doc)}`);
      assert.ok('error' in byOurs([doc]), `we refuse ${JSON.stringify(doc)}`);
    }
    assert.deepEqual(byOurs(['<a>😀</a>']), { events: ['Oa[]', 'T😀', 'Ca'] }, 'a surrogate pair is one character');
    assert.deepEqual(byOurs(['<a>\ud83d', '\ude00</a>']), { events: ['Oa[]', 'T😀', 'Ca'] }, 'also cut between chunks');
  });
});

describe('XmlTokenizer', () => {
  it('gives the same events however the text is cut into chunks', () => {
    for (const doc of BASES) {
      const whole = byOurs([doc]);
      assert.ok('events' in whole);
      for (let i = 0; i <= doc.length; i++) assert.deepEqual(byOurs([doc.slice(0, i), doc.slice(i)]), whole, `cut at ${i}`);
      assert.deepEqual(byOurs([...doc]), whole, 'one character at a time');
    }
  });

  it('reads a ">" inside a quoted value, a comment or CDATA the same however it is cut (a chunk never ends a tag early)', () => {
    // the tokenizer stops before markup at the last "<" without a ">" after it; a ">" that does not end the tag must not fool it
    const doc = `<a x="1>2" y='>'><!-- p < q > r --><b z="&gt;>"/>t&lt;u<![CDATA[<c>]]><?pi >?></a>`;
    const whole = byOurs([doc]);
    assert.deepEqual(whole, bySaxes([doc]));
    for (let i = 0; i <= doc.length; i++) {
      for (let j = i; j <= doc.length; j += 7) assert.deepEqual(byOurs([doc.slice(0, i), doc.slice(i, j), doc.slice(j)]), whole, `cut at ${i} and ${j}`);
    }
    assert.deepEqual(byOurs([...doc]), whole, 'one character at a time');
  });

  it('gives every name as written, whichever names share a slot of the recent-names memo', () => {
    const names = ['Artikel', 'Artikel', 'Artikex', 'Aa', 'Ab', 'Webbkategorier', 'Webbkategoriar', 'Webbkategorier', 'x'.repeat(48), 'x'.repeat(49), 'Pyr:Artikel'];
    for (let k = 0; k < 600; k++) names.push(`n${k % 37}-${k}`, `n${k % 37}`);
    for (const name of names) assert.equal(nameAt(` <${name} a="1">`, 2), name);
  });

  it('normalises line ends in text and whitespace in attribute values, decodes references once', () => {
    assert.deepEqual(byOurs(['<a x="1\t2\r\n3" y="&#10;&amp;lt;">l1\r\nl2\rl3\r', '\nl4</a>']), {
      events: ['Oa[["x","1 2 3"],["y","\\n&lt;"]]', 'Tl1\nl2\nl3\nl4', 'Ca'],
    });
    assert.deepEqual(byOurs(['\uFEFF<?xml version="1.0"?><a>&#x20AC;&#8364;&apos;&quot;</a>']), { events: ['Oa[]', 'T€€\'"', 'Ca'] });
  });

  it('says where the first error is, by line and column', () => {
    const at = (doc: string): [number, number, string] => {
      try {
        const t = new XmlTokenizer({ open() {}, close() {}, text() {}, doctype() {} }, 1000);
        t.write(doc);
        t.close();
      } catch (e) {
        assert.ok(e instanceof XmlSyntaxError);
        return [e.line, e.column, e.message];
      }
      assert.fail(`accepted ${doc}`);
    };
    assert.deepEqual(at('<a>\n  <b>x &c; y</b>\n</a>'), [2, 8, 'undefined entity "&c;"']);
    assert.deepEqual(at('<a>\r\n<b></c>'), [2, 4, 'end tag </c> does not match <b>']);
    assert.deepEqual(at('<a>\n\n</a>\n<b/>'), [4, 1, 'a second root element <b>']);
    assert.deepEqual(at('<a>\n<b>'), [2, 4, 'unclosed tag <b>']);
    assert.match(at('<a>\u0001</a>')[2], /^disallowed character U\+0001/);
    assert.match(at(' <?xml version="1.0"?><a/>')[2], /XML declaration is only allowed at the very start/);
    assert.match(at('<a b="1" b="2"/>')[2], /attribute b appears twice/);
    assert.match(at('<a>]]></a>')[2], /"]]>" is not allowed/);
    assert.match(at('<a><!-- x -- y --></a>')[2], /"--" inside a comment/);
  });

  it('reports a DOCTYPE to its handler, which refuses it', () => {
    let told = false;
    const t = new XmlTokenizer(
      {
        open() {},
        close() {},
        text() {},
        doctype() {
          told = true;
          throw new Error('no DOCTYPE');
        },
      },
      1000,
    );
    assert.throws(() => t.write('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'), /no DOCTYPE/);
    assert.equal(told, true);
  });

  it('holds at most maxPending characters of an unfinished tag; text passes through in pieces', () => {
    const t = new XmlTokenizer({ open() {}, close() {}, text() {}, doctype() {} }, 1000);
    t.write('<a>');
    for (let i = 0; i < 100; i++) t.write('x'.repeat(1000)); // 100,000 characters of text: never held
    assert.throws(
      () => {
        t.write('<b c="');
        for (let i = 0; i < 3; i++) t.write('y'.repeat(500));
      },
      (e: unknown) => e instanceof XmlSyntaxError && e.kind === 'TOO_LARGE' && /longer than 1000 characters/.test(e.message),
    );
  });
});
