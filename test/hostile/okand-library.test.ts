/*
 * Memory stays bounded for any input, library level: 50 MB of unknown elements (a well-formed
 * Lagersaldo made only of <Okand>, generated in memory, never written to the repository) through
 * streamRecords and through a whole read. Both fail early, with a MessageError naming the file and
 * the element, and the process's resident memory grows by a bounded amount.
 *
 * Memory: the streamed read is sampled after every chunk (onBytes); the whole read is synchronous,
 * so its peak is the process's maxRSS (getrusage), which this file (its own process under
 * `node --test`) has not reached before. The bound is loose on purpose: it separates "bounded"
 * (tens of MB) from the gigabytes the unbounded reader took.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageError, readMessage, streamRecords } from '../../lib';

const MB = 1024 * 1024;
const FILE = 'Lagersaldo_20261128T101500000_0001.xml';
/** A whole read holds its input, its text (UTF-16 here: the file has å) and its element tree. */
const WHOLE_GROWTH_LIMIT = 250 * MB;
/** A streamed read holds a chunk, a record and the file's own unknown content (capped). */
const STREAM_GROWTH_LIMIT = 100 * MB;

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n';
const TAIL = '</Lagersaldo>\n';

/** `total` bytes of a Lagersaldo made of <Okand> elements, in 256 KB chunks. */
function* okandFile(total: number): Generator<Buffer> {
  yield Buffer.from(HEAD);
  let n = 0;
  let sent = HEAD.length;
  while (sent < total) {
    let s = '';
    while (s.length < 256 * 1024) {
      s += `  <Okand nr="${n}"><Kod>${String(n).padStart(8, '0')}</Kod><Text>okänt element från ett annat system</Text></Okand>\n`;
      n++;
    }
    const b = Buffer.from(s);
    sent += b.length;
    yield b;
  }
  yield Buffer.from(TAIL);
}

function rssNow(): number {
  return process.memoryUsage().rss;
}

/** Peak resident set of this process so far (getrusage maxrss, kB on Linux). */
function maxRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

describe('50 MB of unknown elements (library)', () => {
  it('a whole read refuses it early, telling to stream, with bounded memory', () => {
    const input = Buffer.concat([...okandFile(50 * MB)]);
    global.gc?.();
    const base = rssNow();
    const t0 = Date.now();
    let caught: unknown;
    try {
      readMessage('stock', input, { fileName: FILE });
    } catch (e) {
      caught = e;
    }
    const peak = Math.max(maxRss(), rssNow());
    process.stdout.write(`# whole read of ${(input.length / MB).toFixed(0)} MB: ${Date.now() - t0} ms, RSS ${(base / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB\n`);
    assert.ok(caught instanceof MessageError, String(caught));
    assert.equal(caught.code, 'XML_TOO_LARGE');
    assert.match(caught.message, new RegExp(`^${FILE}: Lagersaldo: .*more than 250000 elements.*read it as a stream`));
    assert.ok(peak - base < WHOLE_GROWTH_LIMIT, `grew ${((peak - base) / MB).toFixed(0)} MB`);

    // bigger than a whole read takes: refused before parsing
    const big = Buffer.alloc(65 * MB, 0x20);
    assert.throws(() => readMessage('stock', big, { fileName: FILE }), (e: unknown) => {
      assert.ok(e instanceof MessageError);
      assert.match(e.message, /65\.0 MiB is more than a whole read takes \(option maxDocumentBytes, 64\.0 MiB\): read it as a stream/);
      return true;
    });
  });

  it('streamRecords fails as soon as the file is certain not to be Lagersaldo, with bounded memory', async () => {
    global.gc?.();
    const base = rssNow();
    let peak = base;
    let read = 0;
    const t0 = Date.now();
    await assert.rejects(
      async () => {
        const onBytes = (n: number): void => {
          read = n;
          peak = Math.max(peak, rssNow());
        };
        for await (const b of streamRecords('stock', okandFile(50 * MB), { fileName: FILE, onBytes })) void b;
      },
      (e: unknown) => {
        assert.ok(e instanceof MessageError, String(e));
        assert.match(
          e.message,
          new RegExp(`^${FILE}: Lagersaldo has no <Artikelsaldo> records but more than 10000 unknown elements \\(reached at <Okand>, line \\d+\\): the file does not follow this message's dialect`),
        );
        return true;
      },
    );
    process.stdout.write(`# streamed: failed after ${(read / MB).toFixed(1)} of 50 MB in ${Date.now() - t0} ms, RSS ${(base / MB).toFixed(0)} MB -> peak ${(peak / MB).toFixed(0)} MB\n`);
    assert.ok(read < 5 * MB, `read ${read} bytes before failing`);
    assert.ok(peak - base < STREAM_GROWTH_LIMIT, `grew ${((peak - base) / MB).toFixed(0)} MB`);
  });

  it('unknown elements piling up after the records fail on the per-file limit, naming the element', async () => {
    function* file(): Generator<Buffer> {
      yield Buffer.from(HEAD + '<Artikelsaldo><Artikelkod>00123</Artikelkod><Lagerstalle>01</Lagerstalle><Disponibelt>5</Disponibelt></Artikelsaldo>\n');
      for (const b of okandFile(20 * MB)) if (!b.toString('latin1', 0, 6).startsWith('<?xml')) yield b;
    }
    await assert.rejects(
      async () => {
        for await (const b of streamRecords('stock', file(), { fileName: FILE })) void b;
      },
      /Lagersaldo_20261128T101500000_0001\.xml: Lagersaldo: more than 10000 unknown elements outside the records \(reached at <Okand>, line \d+\): over the limit of unknown content kept under "extra" \(option maxFileExtraElements\)/,
    );
  });
});
