/**
 * Streaming read: bytes from a Readable (or any async iterable of chunks) to captured elements,
 * one at a time, pulling the next chunk only when the consumer asks for more. Memory stays
 * bounded by the largest record, not the file.
 */
import { XmlError } from './errors';
import { ElementCollector, type CaptureDecision, type ReaderLimits, type XmlElement } from './reader';
import { detectEncoding, decoderStream, firstInvalidByte, firstInvalidUtf8, type Encoding, type EncodingOption } from './encoding';

export interface StreamOptions extends ReaderLimits {
  encoding?: EncodingOption;
  decide: (path: readonly string[]) => CaptureDecision;
  onRoot?: (root: XmlElement, encoding: Encoding) => void;
  /** Bytes consumed so far, after each chunk (for progress). */
  onBytes?: (bytes: number) => void;
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
  let write: ((chunk: Buffer) => void) | undefined;
  let finish: (() => void) | undefined;

  const start = (first: Buffer, complete: boolean): void => {
    const d = detectEncoding(first, opts.encoding ?? 'auto', complete);
    encoding = d.encoding;
    let skip = d.bomLength;
    if (d.encoding === 'utf-8') {
      const td = new TextDecoder('utf-8', { fatal: true });
      let carry: Buffer = Buffer.alloc(0);
      write = (chunk) => {
        const body = skip ? chunk.subarray(skip) : chunk;
        const base = consumed + (skip ? skip : 0);
        skip = 0;
        let text: string;
        try {
          text = td.decode(body, { stream: true });
        } catch {
          const joined = Buffer.concat([carry, body]);
          const at = Math.max(0, firstInvalidUtf8(joined, false));
          throw new XmlError(`byte at offset ${base - carry.length + at} is not valid utf-8`, 'ENCODING_INVALID_BYTES', {
            offset: base - carry.length + at,
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
      const dec = decoderStream(d.encoding);
      const enc = d.encoding;
      write = (chunk) => {
        const bad = firstInvalidByte(chunk, enc);
        if (bad >= 0) {
          throw new XmlError(
            `byte 0x${chunk[bad].toString(16).padStart(2, '0')} at offset ${consumed + bad} is not valid ${enc}`,
            'ENCODING_INVALID_BYTES',
            { offset: consumed + bad },
          );
        }
        collector.write(dec.write(chunk));
      };
      finish = () => collector.write(dec.end());
    }
  };

  const feed = (chunk: Buffer): void => {
    (write as (c: Buffer) => void)(chunk);
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
