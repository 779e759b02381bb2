/**
 * The message nodes' general behaviour in a real Node-RED runtime: modes, code pages, input from a
 * local file, errors and their status, the login password, split details (text input, nested
 * sequences, empty files, invalid records while splitting).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMessage, readMessage } from '../../lib/messages';
import { encode } from '../../lib/xml/encoding';
import { fixturesDir } from '../support/paths';
import { runNode, texts, useTempDir, type Captured } from './harness';

const fixture = (name: string): Buffer => fs.readFileSync(path.join(fixturesDir, name));
const art = (body: string, decl = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${decl}<Artikeldata version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="delta">${body}</Artikeldata>`;
const article = (code: string, more = '') => `<Artikel><Artikelkod>${code}</Artikelkod>${more}</Artikel>`;

function caughtCodes(c: Captured): unknown[] {
  return c.caught.map((m) => m.error?.code);
}

const tmp = useTempDir('pyramid-messages-');

describe('modes', () => {
  it('auto parses bytes and text, builds from an object; validate returns the normalised model', async () => {
    const xml = art(article('00123', '<Grundpris>12,50</Grundpris><Webbaktiv>J</Webbaktiv>'));
    const model = { articles: [{ articleCode: '00123', basePrice: '12,50', webActive: 'J' }] };
    const auto = await runNode('article', {}, [{ payload: Buffer.from(xml) }, { payload: xml }, { payload: structuredClone(model) }]);
    assert.equal(auto.out.length, 3);
    const parsed = parseMessage('article', xml);
    assert.deepEqual(auto.out[0].payload, parsed);
    assert.deepEqual(auto.out[1].payload, parsed);
    assert.ok(Buffer.isBuffer(auto.out[2].payload));
    assert.deepEqual(parseMessage<{ articles: unknown[] }>('article', auto.out[2].payload as Buffer).articles, parsed.articles);

    const v = await runNode('article', { mode: 'validate' }, [{ payload: structuredClone(model) }]);
    assert.deepEqual(v.out[0].payload, { articles: [{ articleCode: '00123', basePrice: '12.50', webActive: true }] });
    assert.deepEqual(v.out[0].pyramid, { type: 'article', name: 'Artikeldata', direction: 'out', part: 'file', count: 1 });
    assert.deepEqual(texts(v), ['valid 1']);
  });

  it('a forced mode refuses the wrong kind of payload, naming what it got', async () => {
    const c = await runNode('stock', { mode: 'parse' }, [{ payload: { stock: [] } }]);
    const b = await runNode('stock', { mode: 'build' }, [{ payload: '<Lagersaldo/>' }]);
    assert.deepEqual([...caughtCodes(c), ...caughtCodes(b)], ['INPUT_TYPE', 'INPUT_TYPE']);
    assert.match(c.caught[0].error?.message ?? '', /Lagersaldo: parse needs XML .* got an object/);
    assert.match(b.caught[0].error?.message ?? '', /Lagersaldo: build needs the JSON model .* got string/);
    assert.deepEqual([...texts(c), ...texts(b)], ['bad input', 'bad input']);
  });

  it('keeps upstream msg properties, and merges msg.pyramid (an FTP claim stays on the msg)', async () => {
    const c = await runNode('stock', {}, [{ payload: fixture('stock.xml'), topic: 't', pyramid: { claim: 'processing/x.xml', type: 'stock' } }]);
    assert.equal(c.out[0].topic, 't');
    assert.equal(c.out[0].pyramid?.claim, 'processing/x.xml');
    assert.equal(c.out[0].pyramid?.count, 9);
  });
});

describe('code pages', () => {
  const names = 'Åsa Öberg € säljer';

  it('builds in the node\'s code page, msg.encoding overriding it; as a Buffer or a string', async () => {
    const model = { articles: [{ articleCode: '1', description: names }] };
    const c = await runNode('article', { encoding: 'utf-8' }, [{ payload: structuredClone(model) }, { payload: structuredClone(model), encoding: 'windows-1252' }]);
    assert.ok((c.out[0].payload as Buffer).includes(Buffer.from(names, 'utf8')));
    assert.ok((c.out[1].payload as Buffer).includes(encode(names, 'windows-1252')));
    assert.match((c.out[1].payload as Buffer).toString('latin1'), /^<\?xml version="1.0" encoding="windows-1252"\?>/);
    assert.equal(c.out[1].pyramid?.encoding, 'windows-1252');
    const s = await runNode('article', { encoding: 'iso-8859-1', output: 'string' }, [{ payload: { articles: [{ articleCode: '1', description: 'Åsa' }] } }]);
    assert.equal(typeof s.out[0].payload, 'string');
    assert.match(s.out[0].payload as string, /encoding="ISO-8859-1"[\s\S]*<Benamning>Åsa<\/Benamning>/);
  });

  it('parses bytes without a declaration in the code page of msg.encoding or the node', async () => {
    const bytes = encode(art(article('1', `<Benamning>${names.replace('€ ', '')}</Benamning>`), ''), 'cp850');
    const c = await runNode('article', { encoding: 'cp850' }, [{ payload: bytes }, { payload: bytes, encoding: 'cp850' }]);
    for (const m of c.out) assert.equal((m.payload as { articles: { description: string }[] }).articles[0].description, 'Åsa Öberg säljer');
    assert.equal(c.out[0].pyramid?.encoding, 'cp850');
  });

  it('a character the code page cannot hold fails the build, naming it', async () => {
    const c = await runNode('article', { encoding: 'cp437' }, [{ payload: { articles: [{ articleCode: '1', description: 'pris 5 €' }] } }]);
    assert.deepEqual(caughtCodes(c), ['ENCODING_UNENCODABLE']);
    assert.match(c.caught[0].error?.message ?? '', /"€".*cp437/);
    assert.deepEqual(texts(c), ['bad encoding']);
  });
});

describe('errors reach Catch nodes, the node keeps working', () => {
  it('wrong message, malformed XML, unknown code page, missing input: each with its code and a short status', async () => {
    const c = await runNode('stock', {}, [
      { payload: fixture('article.xml') },
      { payload: Buffer.from('<Lagersaldo><Artikelsaldo>') },
      { payload: fixture('stock.xml'), encoding: 'latin-2' },
      { topic: 'nothing' },
      { payload: fixture('stock.xml') },
    ]);
    assert.deepEqual(caughtCodes(c), ['MESSAGE_ROOT', 'XML_MALFORMED', 'ENCODING_UNSUPPORTED', 'INPUT_MISSING']);
    assert.match(c.caught[0].error?.message ?? '', /expected root element <Lagersaldo>.*found <Artikeldata>/);
    assert.deepEqual(texts(c), ['wrong message', 'malformed XML', 'bad encoding', 'bad input', 'parsed 9']);
    assert.equal(c.out.length, 1);
  });

  it('names the file (msg.filename) in the error, and every invalid record of the file', async () => {
    const xml = art(article('1', '<Vikt>1,5</Vikt>') + article('2', '<Vikt>12,5x</Vikt>') + article('3', '<Webbaktiv>kanske</Webbaktiv>'));
    const c = await runNode('article', {}, [{ payload: Buffer.from(xml), filename: 'Artikeldata_20261128T101500000_0001.xml' }]);
    assert.equal(
      c.caught[0].error?.message,
      'MessageError: Artikeldata_20261128T101500000_0001.xml: Artikel[2] (artikelkod 2): vikt "12,5x" is not a number; ' +
        'Artikel[3] (artikelkod 3): webbaktiv "kanske" is not a yes/no value (J/N, 1/0, true/false)',
    );
    const issues = c.caught[0].pyramid?.issues as { path: unknown[] }[];
    assert.deepEqual(issues.map((i) => i.path), [['articles', 1, 'weight'], ['articles', 2, 'webActive']]);
    assert.deepEqual(texts(c), ['invalid: vikt']);
  });

  it('a login password never shows: not in the error, its issues, the Catch msg, the status or the log', async () => {
    const password = 'Höst€2026!&Åsa';
    const c = await runNode('login', { part: 'request' }, [
      { payload: { username: 'asa', password: [password] } },
      { payload: `<InloggningRequest><Losenord>${password.replace('&', '&amp;')}</Losenord></InloggningRequest>` },
      { payload: Buffer.from(`<InloggningRequest><Losenord>${password.replace('&', '&amp;')}</Losenord></InloggningRequest>`) },
    ]);
    assert.equal(c.caught.length, 3);
    assert.match(c.caught[0].error?.message ?? '', /InloggningRequest: losenord is not valid \(the value is not shown\)/);
    assert.match(c.caught[1].error?.message ?? '', /InloggningRequest: anvandarnamn is required/);
    // node.error() is what Node-RED logs when no Catch node takes the error
    assert.equal(c.errors.length, 3);
    const everything = JSON.stringify([c.caught, c.statuses, c.logs, c.errors]) + (c.caught[2].payload as Buffer).toString('utf8');
    for (const leak of [password, password.replace('&', '&amp;'), 'Höst€2026']) assert.ok(!everything.includes(leak), `"${leak}" leaked`);
    assert.deepEqual(c.caught[0].payload, { username: 'asa', password: '***' });
  });

  it('messages into Pyramid are built whole or not at all, whatever the invalid-record setting', async () => {
    const order = readMessage<Record<string, unknown>>('order', fixture('order.xml')).model;
    const rows = order.rows as Record<string, unknown>[];
    rows[1].quantity = 'många';
    const c = await runNode('order', { invalid: 'output', outputs: 2 }, [{ payload: order }]);
    assert.equal(c.out.length + c.bad.length, 0);
    assert.match(c.caught[0].error?.message ?? '', /Rad\[2\] \(artikelkod [^)]+\): antal "många" is not a number/);
  });
});

describe('input from a local file (msg.filepath)', () => {
  it('parses the file when the payload is absent, and says which file it could not read', async () => {
    const file = path.join(tmp(), 'Lagersaldo_20261128T101500000_0001.xml');
    fs.writeFileSync(file, fixture('stock.xml'));
    const c = await runNode('stock', {}, [{ filepath: file }, { filepath: path.join(tmp(), 'gone.xml') }]);
    assert.deepEqual(c.out[0].payload, readMessage('stock', fixture('stock.xml')).model);
    assert.deepEqual(caughtCodes(c), ['FILE_READ']);
    assert.match(c.caught[0].error?.message ?? '', /cannot read msg.filepath .*gone\.xml: ENOENT/);
    assert.deepEqual(texts(c), ['parsed 9', 'file error']);
  });
});

describe('split details', () => {
  it('text input splits like bytes', async () => {
    const text = fixture('stock.xml').toString('utf8');
    const c = await runNode('stock', { split: 'record' }, [{ payload: text }], { join: true, until: (x) => x.joined.length > 0 });
    assert.deepEqual(c.joined[0].payload, readMessage<{ stock: unknown[] }>('stock', text).model.stock);
    assert.equal(c.out[0].pyramid?.list, 'stock');
    assert.deepEqual(c.out[0].pyramid?.header, { version: '1', created: '2026-11-28T10:15:00+01:00', scope: 'delta' });
  });

  it('a msg that is already part of a sequence keeps it: join restores the outer msg.parts', async () => {
    const outer = { id: 'outer', index: 3, count: 7, type: 'array', len: 1 };
    const c = await runNode('stock', { split: 'batch', batchSize: 4 }, [{ payload: fixture('stock.xml'), parts: outer }], { join: true, until: (x) => x.joined.length > 0 });
    for (const m of c.out) assert.deepEqual(m.parts?.parts, outer);
    assert.deepEqual(c.joined[0].parts, outer);
    assert.equal((c.joined[0].payload as unknown[]).length, 9);
  });

  it('an empty file still sends one msg (an empty list), which joins to []', async () => {
    const c = await runNode('article', { split: 'record' }, [{ payload: Buffer.from(art('')) }], { join: true, until: (x) => x.joined.length > 0 });
    assert.equal(c.out.length, 1);
    assert.deepEqual(c.out[0].payload, []);
    assert.deepEqual(c.out[0].pyramid?.header, { version: '1', created: '2026-11-28T10:15:00+01:00', scope: 'delta' });
    assert.deepEqual(c.joined[0].payload, []);
    assert.deepEqual(texts(c).at(-1), 'parsed 0');
  });

  it('with a failing record and "fail the whole message", nothing at all is sent', async () => {
    const xml = art(article('1') + article('2', '<Vikt>x</Vikt>') + article('3'));
    const c = await runNode('article', { split: 'record' }, [{ payload: Buffer.from(xml) }]);
    assert.equal(c.out.length, 0);
    assert.match(c.caught[0].error?.message ?? '', /Artikel\[2\] \(artikelkod 2\): vikt "x" is not a number/);
  });

  it('invalid records go to the second output as they come; the sequence count rides on its last msg', async () => {
    const xml = art(article('1') + article('2', '<Vikt>x</Vikt>') + article('3') + article('4') + article('', '<Benamning>utan kod</Benamning>') + article('6'));
    const c = await runNode('article', { split: 'batch', batchSize: 2, invalid: 'output', outputs: 2 }, [{ payload: Buffer.from(xml), filename: 'a.xml' }], {
      join: true,
      until: (x) => x.joined.length > 0,
    });
    assert.deepEqual(
      c.bad.map((m) => [(m.payload as { index: number }).index, (m.payload as { reason: string }).reason]),
      [
        [1, 'Artikel[2] (artikelkod 2): vikt "x" is not a number'],
        [4, 'Artikel[5]: artikelkod is required'],
      ],
    );
    assert.deepEqual((c.bad[1].payload as { raw: unknown }).raw, { description: 'utan kod' });
    assert.deepEqual(c.out.map((m) => (m.payload as { articleCode: string }[]).map((a) => a.articleCode)), [['1'], ['3', '4'], ['6']]);
    assert.deepEqual(c.out.map((m) => m.parts?.count), [undefined, undefined, 3]);
    assert.deepEqual((c.joined[0].payload as { articleCode: string }[]).map((a) => a.articleCode), ['1', '3', '4', '6']);
    assert.equal(texts(c).at(-1), 'parsed 4, 2 bad');
  });
});
