/**
 * Cheap checks behind the benchmarks (bench/, not part of npm test): the generator writes files the
 * catalogue reads without a single invalid record, in both code pages, the same bytes for the same
 * seed; the valid fast path of a record (lib/messages/fastcheck.ts) gives exactly what the ordinary
 * path (readRecord + the zod schema) gives, on every fixture and on generated files, and declines
 * what it is not sure of; and a bench side runs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateText, writeFile } from '../../bench/generate';
import { runSide } from '../../bench/worker';
import { bodyOf, findByRoot, readMessage, schemasOf, streamRecords } from '../../lib/messages';
import { readRecord, recordLists } from '../../lib/messages/engine';
import { fastRead } from '../../lib/messages/fastcheck';
import { parseXml, type XmlElement } from '../../lib/xml/reader';
import { fixturesDir } from '../support/paths';
import { useTempDir } from './harness';

const tmp = useTempDir('pyramid-bench-smoke-');

/** Every record element of a document, with its list. */
function recordsOf(root: XmlElement) {
  const hit = findByRoot(root.name);
  assert.ok(hit, root.name);
  const body = bodyOf(hit.descriptor, hit.part);
  const out: { list: ReturnType<typeof recordLists>[number]; el: XmlElement }[] = [];
  for (const l of recordLists(body)) {
    if (l.xml === '') for (const c of root.children) if (c.name === l.item) out.push({ list: l, el: c });
    if (l.xml !== '') for (const w of root.children) if (w.name === l.xml) for (const c of w.children) if (c.name === l.item) out.push({ list: l, el: c });
  }
  return { body, out };
}

/** Fast path vs ordinary path on every record: returns [taken fast, declined]. */
function compare(bytes: Buffer): [number, number] {
  const { body, out } = recordsOf(parseXml(bytes).root);
  const schemas = schemasOf(body);
  let fast = 0;
  let declined = 0;
  for (const { list, el } of out) {
    const ordinary = schemas.items.get(list.key)!.safeParse(readRecord(list.fields ?? [], el));
    const f = fastRead(list, el);
    if (!f) {
      declined++;
      continue;
    }
    fast++;
    assert.ok(ordinary.success, `the fast path took a record the schema refuses: ${JSON.stringify(f)}`);
    assert.deepEqual(f, ordinary.data);
    assert.equal(JSON.stringify(f), JSON.stringify(ordinary.data), 'same keys in the same order');
  }
  return [fast, declined];
}

describe('bench support', () => {
  for (const [kind, encoding] of [
    ['price-list', 'utf-8'],
    ['price-list', 'windows-1252'],
    ['article', 'windows-1252'],
    ['article', 'utf-8'],
  ] as const) {
    it(`generated ${kind} (${encoding}) reads without an invalid record, whole and streamed, and the fast path agrees`, async () => {
      const file = path.join(tmp(), `${kind}-${encoding}.xml`);
      writeFile(file, { kind, rows: 600, encoding, seed: 7 });
      const bytes = fs.readFileSync(file);
      const whole = readMessage(kind, bytes, { invalid: 'collect' });
      assert.equal(whole.encoding, encoding);
      assert.deepEqual(whole.invalid, []);
      assert.equal(whole.count, 600);
      const streamed: unknown[] = [];
      for await (const b of streamRecords(kind, [bytes], { batchSize: 100 })) streamed.push(...b.records);
      assert.equal(streamed.length, 600);
      const [fast, declined] = compare(bytes);
      assert.equal(fast, 600);
      assert.equal(declined, 0);
      // the same seed, the same bytes
      assert.equal([...generateText({ kind, rows: 600, encoding, seed: 7 })].join(''), [...generateText({ kind, rows: 600, encoding, seed: 7 })].join(''));
      assert.notEqual([...generateText({ kind, rows: 600, encoding, seed: 8 })].join(''), [...generateText({ kind, rows: 600, encoding, seed: 7 })].join(''));
      assert.ok(/[åäö]/.test(bytes.toString(encoding === 'utf-8' ? 'utf8' : 'latin1')));
    });
  }

  it('the fast path gives what the ordinary path gives on every fixture, and declines records with unknown elements', () => {
    let fast = 0;
    for (const f of fs.readdirSync(fixturesDir).filter((x) => x.endsWith('.xml'))) {
      const [taken] = compare(fs.readFileSync(path.join(fixturesDir, f)));
      fast += taken;
    }
    assert.ok(fast > 50, `${fast} records took the fast path`);
    const own = Buffer.from(
      '<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00"><Artikelsaldo><Artikelkod>1</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>1</Saldo><Disponibelt>1</Disponibelt><Hylla>A3</Hylla></Artikelsaldo>' +
        '<Artikelsaldo><Artikelkod>2</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>1,5x</Saldo><Disponibelt>1</Disponibelt></Artikelsaldo></Lagersaldo>',
    );
    assert.deepEqual(compare(own), [0, 2]);
  });

  it('a bench side runs in this process and counts the records', async () => {
    const file = path.join(tmp(), 'side.xml');
    writeFile(file, { kind: 'price-list', rows: 300, seed: 1 });
    const r = await runSide('stream', 'price-list', file, { batchSize: 50 });
    assert.equal(r.records, 300);
    assert.ok(r.bytes > 0 && r.ms > 0 && r.rssMB > 0);
  });
});
