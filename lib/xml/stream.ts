/**
 * Streaming read: bytes from a Readable (or any async iterable of chunks) to captured elements,
 * one at a time, pulling the next chunk only when the consumer asks for more. Memory stays
 * bounded by the largest record, not the file.
 */
import { XmlError } from './errors';
import { ElementCollector, type CaptureDecision, type ReaderLimits, type XmlElement } from './reader';
import { autoEncoding, decodeInRuns, detectEncoding, decoderStream, firstInvalidByte, firstInvalidUtf8, type Encoding, type EncodingOption } from './encoding';

export interface StreamOptions extends ReaderLimits {
  encoding?: EncodingOption;
  decide: (path: readonly string[]) => CaptureDecision;
  onRoot?: (root: XmlElement, encoding: Encoding) => void;
  /** Bytes consumed so far, after each chunk (for progress). */
  onBytes?: (bytes: number) => void;
  /** `auto` decided on the code page after the root element (the file was ASCII up to there). */
  onEncoding?: (encoding: Encoding) => void;
}

export interface CapturedElement {
  el: XmlElement;
  path: string[];
}

const HEAD_BYTES = 4096;
/** Bytes decoded at once. */
export const DECODE_PIECE = 16384;

/**
 * Bytes -> text for a tokenizer, chunk by chunk: the code page by BOM, declaration or configuration
 * (`auto`: decided at the first non-ASCII bytes, the same rule as a whole read), and a byte the code
 * page cannot hold is an error naming its offset. `write` and `end` call `sink` synchronously.
 */
export class ByteFeeder {
  /** The code page (utf-8 until `auto` has decided). */
  encoding: Encoding | undefined;
  /** Bytes fed so far. */
  consumed = 0;
  private head: Buffer[] = [];
  private headLen = 0;
  /** Feeds a chunk whose first byte is at file offset `base`. */
  private put: ((chunk: Buffer, base: number) => void) | undefined;
  private finish: (() => void) | undefined;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly opts: { encoding?: EncodingOption; onEncoding?: (encoding: Encoding) => void } = {},
  ) {}

  private setup(enc: Encoding, bomLength: number): void {
    this.encoding = enc;
    const sink = this.sink;
    let skip = bomLength;
    if (enc === 'utf-8') {
      const td = new TextDecoder('utf-8', { fatal: true });
      let carry: Buffer = Buffer.alloc(0);
      this.put = (chunk, at) => {
        const body = skip ? chunk.subarray(skip) : chunk;
        const base = at + skip;
        skip = 0;
        let text: string;
        try {
          text = td.decode(body, { stream: true });
        } catch {
          const joined = Buffer.concat([carry, body]);
          const off = Math.max(0, firstInvalidUtf8(joined, false));
          throw new XmlError(`byte at offset ${base - carry.length + off} is not valid utf-8`, 'ENCODING_INVALID_BYTES', {
            offset: base - carry.length + off,
          });
        }
        sink(text);
        carry = body.subarray(Math.max(0, body.length - 3));
      };
      this.finish = () => {
        let text: string;
        try {
          text = td.decode();
        } catch {
          throw new XmlError('the file ends inside a utf-8 character', 'ENCODING_INVALID_BYTES', { offset: this.consumed });
        }
        sink(text);
      };
    } else {
      const dec = decoderStream(enc);
      this.put = (chunk, at) => {
        const bad = firstInvalidByte(chunk, enc);
        if (bad >= 0) {
          throw new XmlError(
            `byte 0x${chunk[bad].toString(16).padStart(2, '0')} at offset ${at + bad} is not valid ${enc}`,
            'ENCODING_INVALID_BYTES',
            { offset: at + bad },
          );
        }
        // Windows-1252, Latin-1: `€` and its kind in strings of their own (decodeInRuns)
        if (!decodeInRuns(chunk, enc, sink)) sink(dec.write(chunk));
      };
      this.finish = () => sink(dec.end());
    }
  }

  /**
   * `auto` before the first non-ASCII byte: ASCII is the same text in every supported code page,
   * so it is passed on while the decision waits for the byte that makes it (see autoEncoding).
   */
  private undecided(): void {
    let carry: Buffer = Buffer.alloc(0);
    const decideOn = (rest: Buffer, at: number, complete: boolean): boolean => {
      const e = autoEncoding(rest, complete);
      if (e === undefined) return false;
      this.setup(e, 0);
      this.opts.onEncoding?.(e);
      (this.put as (c: Buffer, b: number) => void)(rest, at);
      return true;
    };
    this.put = (chunk, at) => {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const base = at - carry.length;
      carry = Buffer.alloc(0);
      let p = 0;
      while (p < buf.length && buf[p] < 0x80) p++;
      if (p) this.sink(buf.toString('latin1', 0, p));
      if (p === buf.length) return;
      const rest = buf.subarray(p);
      if (!decideOn(rest, base + p, false)) carry = Buffer.from(rest);
    };
    this.finish = () => {
      if (carry.length && decideOn(carry, this.consumed - carry.length, true)) (this.finish as () => void)();
    };
  }

  private start(first: Buffer, complete: boolean): void {
    const d = detectEncoding(first, this.opts.encoding ?? 'auto', complete);
    if (d.source === 'detected' && autoEncoding(first, complete) === undefined) {
      this.encoding = 'utf-8';
      this.undecided();
    } else this.setup(d.encoding, d.bomLength);
  }

  private feed(chunk: Buffer): void {
    // decoded in pieces: a piece's text stays a young-generation string (a 64K-character two-byte
    // string is a large object, and one per chunk keeps the collector busy)
    for (let i = 0; i < chunk.length; i += DECODE_PIECE) {
      const piece = chunk.length <= DECODE_PIECE ? chunk : chunk.subarray(i, i + DECODE_PIECE);
      (this.put as (c: Buffer, b: number) => void)(piece, this.consumed);
      this.consumed += piece.length;
    }
  }

  /** The next chunk of the file. */
  write(raw: Buffer | string): void {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (this.put) {
      this.feed(chunk);
      return;
    }
    this.head.push(chunk);
    this.headLen += chunk.length;
    if (this.headLen < HEAD_BYTES) return;
    const first = Buffer.concat(this.head);
    this.head = [];
    this.start(first, false);
    this.feed(first);
  }

  /** The file is complete. */
  end(): Encoding {
    if (!this.put) {
      const first = Buffer.concat(this.head);
      this.head = [];
      this.start(first, true);
      this.feed(first);
    }
    (this.finish as () => void)();
    return this.encoding as Encoding;
  }
}

export async function* streamElements(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: StreamOptions,
): AsyncGenerator<CapturedElement, { encoding: Encoding }, undefined> {
  const queue: CapturedElement[] = [];
  // eslint-disable-next-line prefer-const
  let feeder: ByteFeeder;
  const collector = new ElementCollector({
    ...opts,
    decide: opts.decide,
    onElement: (el, path) => queue.push({ el, path: path.slice() }),
    onRoot: (root) => opts.onRoot?.(root, feeder.encoding ?? 'utf-8'),
  });
  feeder = new ByteFeeder((text) => collector.write(text), { encoding: opts.encoding, onEncoding: opts.onEncoding });
  for await (const raw of source) {
    feeder.write(raw);
    if (feeder.consumed) opts.onBytes?.(feeder.consumed);
    while (queue.length) yield queue.shift() as CapturedElement;
  }
  const encoding = feeder.end();
  collector.close();
  while (queue.length) yield queue.shift() as CapturedElement;
  return { encoding };
}
