/** Reading a whole message: bytes or text (or an element already read) -> the validated JSON model. */
import { XmlError } from '../xml/errors';
import { parseXml, type XmlElement } from '../xml/reader';
import type { Encoding, EncodingOption } from '../xml/encoding';
import type { BodyDef, InvalidRecord, MessageDescriptor, Part } from './types';
import { readRecord } from './record-read';
import { bodyOf, defaultPart, getDescriptor } from './registry';
import { tooLarge, wrapXmlError } from './errors';
import { fileBudget, limitOf, recordBudget, recordsIn, type MessageLimits } from './limits';
import { checkRoot, policy, validateRaw } from './validate';

export interface ReadOptions extends MessageLimits {
  /** Code page of the bytes (default auto: BOM, declaration, else UTF-8 if valid, else Windows-1252). */
  encoding?: EncodingOption;
  /** Which document of the type (default: its file, or the WS request). */
  part?: Part;
  /**
   * Invalid records: `fail` the whole message (default), or `collect` them into `invalid` while
   * the valid ones are returned. Messages into Pyramid always fail whole: never half an order.
   */
  invalid?: 'fail' | 'collect';
  /** For error texts. */
  fileName?: string;
}

export interface ReadResult<T = Record<string, unknown>> {
  model: T;
  invalid: InvalidRecord[];
  encoding: Encoding;
  /** Records read (valid + invalid) over all record lists; 1 for a single-record message. */
  count: number;
}

/** Read a message: bytes or text -> validated JSON model (and the invalid records, if collected). */
export function readMessage<T = Record<string, unknown>>(type: string, input: string | Buffer, opts: ReadOptions = {}): ReadResult<T> {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  const body = bodyOf(d, part);
  let root: XmlElement;
  let encoding: Encoding;
  const maxBytes = limitOf(opts, 'maxDocumentBytes');
  if (input.length > maxBytes) {
    throw tooLarge(
      d,
      opts.fileName,
      body.root,
      `${mb(input.length)} is more than a whole read takes (option maxDocumentBytes, ${mb(maxBytes)}): ` +
        'read it as a stream (streamRecords, or the message node split into batches or records)',
    );
  }
  try {
    const doc = parseXml(input, opts.encoding ?? 'auto', opts);
    root = doc.root;
    encoding = doc.encoding;
  } catch (e) {
    if (e instanceof XmlError && e.code === 'XML_TOO_LARGE' && /more than one read may hold/.test(e.message)) {
      throw tooLarge(d, opts.fileName, body.root, `${e.message}: read it as a stream (streamRecords, or the message node split into batches or records)`);
    }
    wrapXmlError(e, d, opts.fileName);
  }
  const r = readElementInternal(d, body, part, root, opts);
  return { model: r.model as T, invalid: r.invalid, encoding, count: r.count };
}

function mb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

function readElementInternal(d: MessageDescriptor, body: BodyDef, part: Part, el: XmlElement, opts: ReadOptions) {
  checkRoot(d, body, el, opts.fileName);
  const raw = readRecord(body.fields, el, {
    budget: fileBudget(d, body, opts, () => recordsIn(body, el)),
    record: (list, index, item) => recordBudget(d, opts, list, index, item),
  });
  return validateRaw(d, body, raw, policy(d, part, opts), opts.fileName);
}

/** Parse a message into its JSON model; any invalid record throws a MessageError naming it. */
export function parseMessage<T = Record<string, unknown>>(type: string, input: string | Buffer, opts: Omit<ReadOptions, 'invalid'> = {}): T {
  return readMessage<T>(type, input, { ...opts, invalid: 'fail' }).model;
}

/** Parse from an element already read (a SOAP Body's child, say). */
export function parseElement<T = Record<string, unknown>>(type: string, el: XmlElement, opts: Omit<ReadOptions, 'encoding'> = {}): T {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  return readElementInternal(d, bodyOf(d, part), part, el, { ...opts, invalid: 'fail' }).model as T;
}
