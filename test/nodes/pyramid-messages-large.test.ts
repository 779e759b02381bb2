/**
 * A large Lagersaldo (50 000 rows) split from a local file, as pyramid-ftp-in hands over a spooled
 * big file: the counts are right, join gets every row back in order, the batches leave while the
 * file is still being read, and invalid rows go aside without stopping the rest. No timing is
 * asserted (shared machines); speed belongs in bench/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { grouped, runNode, texts, useTempDir, type Captured } from './harness';

const ROWS = 50_000;
const BATCH = 1000;
const code = (i: number) => String(i).padStart(6, '0');

/** Write the file row by row (as Pyramid would), with the rows in `bad` carrying an invalid quantity. */
function writeStock(file: string, bad: Set<number>): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '<?xml version="1.0" encoding="windows-1252"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n');
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    chunk +=
      `  <Artikelsaldo><Artikelkod>${code(i)}</Artikelkod><Lagerstalle>0${1 + (i % 3)}</Lagerstalle><Saldo>${i % 500}</Saldo>` +
      `<Disponibelt>${bad.has(i) ? 'många' : i % 400}</Disponibelt><Andrad>2026-11-28T10:14:02+01:00</Andrad></Artikelsaldo>\n`;
    if (chunk.length > 1 << 16) {
      fs.writeSync(fd, Buffer.from(chunk, 'latin1'));
      chunk = '';
    }
  }
  fs.writeSync(fd, Buffer.from(chunk + '</Lagersaldo>\n', 'latin1'));
  fs.closeSync(fd);
}

function row(i: number) {
  return { articleCode: code(i), warehouse: `0${1 + (i % 3)}`, onHand: String(i % 500), available: String(i % 400), changed: '2026-11-28T10:14:02+01:00' };
}

/**
 * The batches leave while the file is still being read: the first one reaches the next node before
 * the node reports having read half the rows (progress is reported on each new percent).
 */
function assertStreamed(c: Captured, valid: number, about = false): void {
  // read once (collect): the total is estimated while the file is read, two significant digits
  const total = about ? /^status:\d[\d ]* \/ ~(49|50|51) 000$/ : /^status:\d[\d ]* \/ 50 000$/;
  const half = c.events.findIndex((e) => total.test(e) && Number(e.slice(7).split(' / ')[0].replace(/ /g, '')) >= ROWS / 2);
  assert.ok(half > 0, JSON.stringify(c.events.filter((e) => e !== 'out')));
  assert.ok(c.events.indexOf('out') < half, 'a batch arrived before half of the file was read');
  assert.ok(c.events.indexOf('out') >= 0);
  assert.ok((c.outAtFirstComplete ?? 0) > 0);
  assert.equal(c.events.filter((e) => e === 'out').length, Math.ceil(valid / BATCH));
}

const tmp = useTempDir('pyramid-large-');

describe('a 50 000-row Lagersaldo split from a local file', () => {
  it('fail-whole policy: checked first, then 50 batches of 1000 with the count on each, joined back in order', async () => {
    const file = path.join(tmp(), 'Lagersaldo_20261128T101500000_0001.xml');
    writeStock(file, new Set());
    const c = await runNode('stock', { split: 'batch', batchSize: BATCH }, [{ filepath: file, filename: path.basename(file) }], {
      join: true,
      until: (x) => x.joined.length > 0,
    });
    assert.equal(c.caught.length, 0, JSON.stringify(c.caught[0]?.error));
    assert.equal(c.out.length, ROWS / BATCH);
    c.out.forEach((m, i) => {
      assert.equal(m.parts?.index, i);
      assert.equal(m.parts?.count, ROWS / BATCH);
      assert.equal((m.payload as unknown[]).length, BATCH);
      assert.equal(m.pyramid?.count, BATCH);
      assert.equal((m.pyramid?.header as Record<string, unknown>).scope, 'full');
    });
    const joined = c.joined[0].payload as ReturnType<typeof row>[];
    assert.equal(joined.length, ROWS);
    assert.deepEqual(joined[0], row(0));
    assert.deepEqual(joined[ROWS - 1], row(ROWS - 1));
    assert.ok(joined.every((r, i) => r.articleCode === code(i)));
    const all = texts(c);
    assert.match(all[0], /^checking \d+%$/);
    assert.equal(all.at(-1), `parsed ${grouped(ROWS)}`);
    assertStreamed(c, ROWS);
  });

  it('invalid rows go to the second output while the valid 49 997 go on', async () => {
    const bad = new Set([10, 25_000, ROWS - 1]);
    const file = path.join(tmp(), 'Lagersaldo_20261128T101500000_0002.xml');
    writeStock(file, bad);
    const c = await runNode('stock', { split: 'batch', batchSize: BATCH, invalid: 'output', outputs: 2 }, [{ filepath: file }], {
      join: true,
      until: (x) => x.joined.length > 0,
    });
    assert.deepEqual(
      c.bad.map((m) => (m.payload as { index: number }).index),
      [...bad],
    );
    assert.deepEqual(
      c.bad.map((m) => (m.payload as { reason: string }).reason),
      [...bad].map((i) => `Artikelsaldo[${i + 1}] (artikelkod ${code(i)}, lagerstalle 0${1 + (i % 3)}): disponibelt "många" is not a number`),
    );
    assert.equal(c.bad[0].error?.message, `Lagersaldo_20261128T101500000_0002.xml: ${(c.bad[0].payload as { reason: string }).reason}`);
    const joined = c.joined[0].payload as ReturnType<typeof row>[];
    assert.equal(joined.length, ROWS - bad.size);
    assert.deepEqual(
      joined.map((r) => r.articleCode),
      Array.from({ length: ROWS }, (_, i) => i).filter((i) => !bad.has(i)).map(code),
    );
    assert.equal(c.out.at(-1)?.parts?.count, c.out.length);
    assert.equal(texts(c).at(-1), `parsed ${grouped(ROWS - bad.size)}, 3 bad`);
    assertStreamed(c, ROWS - bad.size, true);
  });

  it('a redeploy in the middle stops reading the file and says so', async () => {
    const file = path.join(tmp(), 'Lagersaldo_20261128T101500000_0003.xml');
    writeStock(file, new Set());
    const c = await runNode('stock', { split: 'batch', batchSize: BATCH }, [{ filepath: file }], {
      stopOnFirstOut: true,
      until: (x) => x.errors.length > 0,
    });
    assert.ok(c.out.length < ROWS / BATCH, `${c.out.length} batches left after the stop`);
    assert.deepEqual(c.errors, ['InputError: Lagersaldo_20261128T101500000_0003.xml: stopped before the end of the file (the flow was stopped or redeployed)']);
  });
});
