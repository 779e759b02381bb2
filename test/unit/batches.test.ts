import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageError, openBatches, readMessage, RECORD_MODE_BATCH, type Batch, type BatchOptions, type BatchSource } from '../../lib';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n';
const HEADER = { version: '1', created: '2026-11-28T10:15:00+01:00', scope: 'full' };

function row(i: number, saldo = String(i)): string {
  return `<Artikelsaldo><Artikelkod>A${i}</Artikelkod><Lagerstalle>01</Lagerstalle><Saldo>${saldo}</Saldo><Disponibelt>${i}</Disponibelt></Artikelsaldo>\n`;
}

/** A Lagersaldo file of `n` rows; the rows numbered in `bad` have a Saldo that is not a number. */
function stockXml(n: number, bad: number[] = []): Buffer {
  let s = HEAD;
  for (let i = 1; i <= n; i++) s += row(i, bad.includes(i) ? 'abc' : String(i));
  return Buffer.from(s + '</Lagersaldo>\n');
}

function tmpFile(content: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batches-'));
  const f = path.join(dir, 'Lagersaldo_20261128T101500000_0001.xml');
  fs.writeFileSync(f, content);
  return f;
}

const opts = (o: Partial<BatchOptions> = {}): BatchOptions => ({ policy: 'fail', batchSize: 4, perRecord: false, fileName: 'Lagersaldo.xml', ...o });

async function all(it: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('openBatches', () => {
  it('streams a Buffer in batches of N, each with the header and encoding', async () => {
    const xml = stockXml(10);
    const src = await openBatches('stock', { buffer: xml }, opts());
    assert.equal(src.total, 10);
    assert.equal(src.messages, 3);
    assert.equal(src.single, false);
    const batches = await all(src.batches());
    assert.deepEqual(batches.map((b) => b.records.length), [4, 4, 2]);
    for (const b of batches) {
      assert.equal(b.list, 'stock');
      assert.deepEqual(b.header, HEADER);
      assert.equal(b.encoding, 'utf-8');
    }
    const whole = readMessage<{ stock: unknown[] }>('stock', xml).model.stock;
    assert.deepEqual(batches.flatMap((b) => b.records), whole);
  });

  it('streams a local file the same as its bytes', async () => {
    const xml = stockXml(7);
    const fromFile = await openBatches('stock', { filepath: tmpFile(xml) }, opts({ batchSize: 3 }));
    const fromBuffer = await openBatches('stock', { buffer: xml }, opts({ batchSize: 3 }));
    assert.equal(fromFile.total, 7);
    assert.equal(fromFile.messages, 3);
    assert.deepEqual(await all(fromFile.batches()), await all(fromBuffer.batches()));
  });

  it('reads text whole and cuts it into the same batches', async () => {
    const xml = stockXml(9);
    const text = await openBatches('stock', { text: xml.toString('utf8') }, opts());
    const bytes = await openBatches('stock', { buffer: xml }, opts());
    assert.equal(text.total, 9);
    assert.equal(text.messages, 3);
    const a = (await all(text.batches())).map((b) => ({ list: b.list, records: b.records, header: b.header }));
    const b = (await all(bytes.batches())).map((x) => ({ list: x.list, records: x.records, header: x.header }));
    assert.deepEqual(a, b);
  });

  it('per record: messages counts records and batches are only the unit of work', async () => {
    const n = RECORD_MODE_BATCH + 3;
    for (const source of [{ buffer: stockXml(n) }, { text: stockXml(n).toString('utf8') }] as BatchSource[]) {
      const src = await openBatches('stock', source, opts({ perRecord: true, batchSize: 2 }));
      assert.equal(src.messages, n);
      const batches = await all(src.batches());
      assert.deepEqual(batches.map((b) => b.records.length), [RECORD_MODE_BATCH, 3]);
    }
  });

  it('fail policy validates the whole file first and throws before any batch, naming the file and record', async () => {
    const xml = stockXml(12, [11]);
    for (const source of [{ buffer: xml }, { filepath: tmpFile(xml) }, { text: xml.toString('utf8') }] as BatchSource[]) {
      const phases: string[] = [];
      await assert.rejects(
        openBatches('stock', source, opts({ onProgress: (phase) => phases.push(phase) })),
        (e: unknown) => e instanceof MessageError && e.code === 'MESSAGE_INVALID' && /Lagersaldo\.xml/.test(e.message) && /A11/.test(e.message),
      );
      assert.ok(!phases.includes('progress'));
    }
  });

  it('fail policy reports checking progress (bytes of the size), then batch progress, per new percent', async () => {
    const calls: [string, number, number, number, boolean][] = [];
    const xml = stockXml(10);
    const src = await openBatches('stock', { buffer: xml }, opts({ batchSize: 5, onProgress: (...a) => calls.push(a) }));
    await all(src.batches());
    assert.deepEqual(calls, [
      ['checking', xml.length, xml.length, 100, false],
      ['progress', 5, 10, 50, false],
      ['progress', 10, 10, 100, false],
    ]);
  });

  it('collect policy reads a streamed file once, its total estimated from the records per byte so far', async () => {
    const n = 20_000;
    const xml = stockXml(n);
    for (const source of [{ buffer: xml }, { filepath: tmpFile(xml) }] as BatchSource[]) {
      const calls: [string, number, number, number, boolean][] = [];
      const src = await openBatches('stock', source, opts({ policy: 'collect', batchSize: 100, onProgress: (...a) => calls.push(a) }));
      assert.equal(src.total, undefined);
      await all(src.batches());
      assert.ok(calls.length >= 5, JSON.stringify(calls));
      assert.ok(calls.every(([phase]) => phase === 'progress'));
      // each new percent once
      for (let i = 1; i < calls.length; i++) assert.notEqual(calls[i][3], calls[i - 1][3], JSON.stringify(calls));
      // the estimate while reading: within 5 % of the real total (the rows are alike), rounded to two digits
      const about = calls.filter((c) => c[4]);
      assert.ok(about.length >= 3, JSON.stringify(calls));
      for (const [, done, total] of about) {
        assert.ok(Math.abs(total - n) <= n * 0.05, `estimated ${total} of ${n}`);
        assert.ok(total >= done);
        assert.equal(total % 100, 0);
      }
      // exact once the file is read
      assert.deepEqual(calls.at(-1), ['progress', n, n, 100, false]);
    }
  });

  it('collect policy yields the invalid records with the valid ones', async () => {
    const xml = stockXml(6, [2, 5]);
    const streamed = await openBatches('stock', { buffer: xml }, opts({ policy: 'collect' }));
    assert.equal(streamed.total, undefined);
    assert.equal(streamed.messages, undefined);
    const sb = await all(streamed.batches());
    assert.equal(sb.flatMap((b) => b.records).length, 4);
    assert.deepEqual(sb.flatMap((b) => b.invalid.map((r) => r.index)), [1, 4]);
    assert.ok(sb.flatMap((b) => b.invalid).every((r) => r.list === 'stock' && /saldo "abc" is not a number/.test(r.reason)));

    const whole = await openBatches('stock', { text: xml.toString('utf8') }, opts({ policy: 'collect' }));
    assert.equal(whole.total, 6);
    assert.equal(whole.messages, 1);
    const wb = await all(whole.batches());
    assert.deepEqual(wb.map((b) => [b.list, b.records.length, b.invalid.length]), [['stock', 4, 0], ['', 0, 2]]);
  });

  it('a single-record message is one batch holding its model', async () => {
    const order = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'messages', 'order.xml'));
    const src = await openBatches('order', { buffer: order }, opts());
    assert.equal(src.single, true);
    assert.equal(src.total, 1);
    const batches = await all(src.batches());
    assert.equal(batches.length, 1);
    assert.deepEqual(batches[0].records, [readMessage('order', order).model]);
  });

  it('an empty file yields no batch, and its header is read for the empty msg', async () => {
    const empty = Buffer.from(HEAD + '</Lagersaldo>\n');
    for (const source of [{ buffer: empty }, { filepath: tmpFile(empty) }, { text: empty.toString('utf8') }] as BatchSource[]) {
      const src = await openBatches('stock', source, opts());
      assert.equal(src.total, 0);
      assert.deepEqual(await all(src.batches()), []);
      assert.deepEqual(await src.emptyHeader(), { list: 'stock', header: HEADER, encoding: 'utf-8' });
    }
  });

  it('stops when checkStop throws, and maps an unreadable file through fileError', async () => {
    let stop = false;
    const src = await openBatches('stock', { buffer: stockXml(10) }, opts({ policy: 'collect', checkStop: () => {
      if (stop) throw new Error('stopped');
    } }));
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const b of src.batches()) {
          seen.push(b.records.length);
          stop = true;
        }
      })(),
      /stopped/,
    );
    assert.deepEqual(seen, [4]);
    const gone = path.join(os.tmpdir(), 'batches-gone', 'x.xml');
    await assert.rejects(openBatches('stock', { filepath: gone }, opts({ fileError: (p) => new Error(`cannot read ${p}`) })), new RegExp(`cannot read ${gone.replace(/[.\\/]/g, '\\$&')}`));
  });
});
