/**
 * Streaming read: bytes from a Readable (or any async iterable of chunks) to captured elements,
 * one at a time, pulling the next chunk only when the consumer asks for more. Memory stays
 * bounded by the largest record, not the file.
 */
import { XmlError } from './errors';
import { ElementCollector, type CaptureDecision, type ReaderLimits, type XmlElement } from './reader';
import { autoEncoding, detectEncoding, decoderStream, firstInvalidByte, firstInvalidUtf8, type Encoding, type EncodingOption } from './encoding';

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

export async function* streamElements(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  opts: StreamOptions,
): AsyncGenerator<CapturedElement, { encoding: Encoding }, undefined> {
  const queue: CapturedElement[] = [];
  let encoding: Encoding | undefined;
  const collector = new ElementCollector({
    ...opts,
    decide: opts.decide,
    onElement: (el, path) => queue.push({ el, path: path.slice() }),
    onRoot: (root) => opts.onRoot?.(root, encoding ?? 'utf-8'),
  });
  let head: Buffer[] = [];
  let headLen = 0;
  let consumed = 0;
  /** Feeds a chunk whose first byte is at file offset `base`. */
  let write: ((chunk: Buffer, base: number) => void) | undefined;
  let finish: (() => void) | undefined;

  const setup = (enc: Encoding, bomLength: number): void => {
    encoding = enc;
    let skip = bomLength;
    if (enc === 'utf-8') {
      const td = new TextDecoder('utf-8', { fatal: true });
      let carry: Buffer = Buffer.alloc(0);
      write = (chunk, at) => {
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
        collector.write(text);
        carry = body.subarray(Math.max(0, body.length - 3));
      };
      finish = () => {
        let text: string;
        try {
          text = td.decode();
        } catch {
          throw new XmlError('the file ends inside a utf-8 character', 'ENCODING_INVALID_BYTES', { offset: consumed });
        }
        collector.write(text);
      };
    } else {
      const dec = decoderStream(enc);
      write = (chunk, at) => {
        const bad = firstInvalidByte(chunk, enc);
        if (bad >= 0) {
          throw new XmlError(
            `byte 0x${chunk[bad].toString(16).padStart(2, '0')} at offset ${at + bad} is not valid ${enc}`,
            'ENCODING_INVALID_BYTES',
            { offset: at + bad },
          );
        }
        collector.write(dec.write(chunk));
      };
      finish = () => collector.write(dec.end());
    }
  };

  /**
   * `auto` before the first non-ASCII byte: ASCII is the same text in every supported code page,
   * so it is passed on while the decision waits for the byte that makes it (see autoEncoding).
   */
  const undecided = (): void => {
    let carry: Buffer = Buffer.alloc(0);
    const decideOn = (rest: Buffer, at: number, complete: boolean): boolean => {
      const e = autoEncoding(rest, complete);
      if (e === undefined) return false;
      setup(e, 0);
      opts.onEncoding?.(e);
      (write as (c: Buffer, b: number) => void)(rest, at);
      return true;
    };
    write = (chunk, at) => {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const base = at - carry.length;
      carry = Buffer.alloc(0);
      let p = 0;
      while (p < buf.length && buf[p] < 0x80) p++;
      if (p) collector.write(buf.toString('latin1', 0, p));
      if (p === buf.length) return;
      const rest = buf.subarray(p);
      if (!decideOn(rest, base + p, false)) carry = Buffer.from(rest);
    };
    finish = () => {
      if (carry.length && decideOn(carry, consumed - carry.length, true)) (finish as () => void)();
    };
  };

  const start = (first: Buffer, complete: boolean): void => {
    const d = detectEncoding(first, opts.encoding ?? 'auto', complete);
    if (d.source === 'detected' && autoEncoding(first, complete) === undefined) {
      encoding = 'utf-8';
      undecided();
    } else setup(d.encoding, d.bomLength);
  };

  const feed = (chunk: Buffer): void => {
    (write as (c: Buffer, b: number) => void)(chunk, consumed);
    consumed += chunk.length;
    opts.onBytes?.(consumed);
  };

  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (!write) {
      head.push(chunk);
      headLen += chunk.length;
      if (headLen < HEAD_BYTES) continue;
      const first = Buffer.concat(head);
      head = [];
      start(first, false);
      feed(first);
    } else {
      feed(chunk);
    }
    while (queue.length) yield queue.shift() as CapturedElement;
  }
  if (!write) {
    const first = Buffer.concat(head);
    start(first, true);
    feed(first);
  }
  (finish as () => void)();
  collector.close();
  while (queue.length) yield queue.shift() as CapturedElement;
  return { encoding: encoding as Encoding };
}
