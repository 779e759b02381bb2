/** Building a message: the JSON model, validated -> element tree -> XML text -> bytes in a code page. */
import { writeXmlText, type OutElement } from '../xml/writer';
import { encode, type Encoding, type Unencodable, normalizeEncoding } from '../xml/encoding';
import type { Part } from './types';
import type { BooleanStyle } from './values';
import { writeRecord } from './record-write';
import { bodyOf, defaultPart, getDescriptor } from './registry';
import { wrapXmlError } from './errors';
import { validateModel } from './validate';
import { localTimestamp } from './timestamp';

export interface BuildOptions {
  /** Code page of the bytes and the declaration (default utf-8). */
  encoding?: Encoding | string;
  part?: Part;
  /** Write the XML declaration (default true). */
  declaration?: boolean;
  /** A default namespace on the root element (for SOAP bodies). */
  namespace?: string;
  /** Decimal separator in the XML (default "."). */
  decimalSeparator?: '.' | ',';
  /** How booleans are written (default J/N). */
  booleanStyle?: BooleanStyle;
  /** Indentation (default true). */
  pretty?: boolean;
  /** Characters the code page cannot hold: `error` (default) or XML character references. */
  unencodable?: Unencodable;
  /** Timestamp written as `skapad` when the model has none (default now). */
  now?: Date;
  /** For error texts: the file the message is built for. */
  fileName?: string;
}

/** Model -> element tree (validated; version and skapad filled in when absent). */
export function buildElement(type: string, model: unknown, opts: BuildOptions = {}): OutElement {
  const d = getDescriptor(type);
  const part = opts.part ?? defaultPart(d);
  const body = bodyOf(d, part);
  const m = validateModel<Record<string, unknown>>(type, model, { part, fileName: opts.fileName });
  if (part === 'file') {
    if (m.version === undefined) m.version = '1';
    if (m.created === undefined) m.created = localTimestamp(opts.now);
  }
  const root: OutElement = { name: body.root, attrs: {}, children: [] };
  writeRecord(body.fields, m, root, { decimalSeparator: opts.decimalSeparator, booleanStyle: opts.booleanStyle });
  if (opts.namespace) root.attrs = { xmlns: opts.namespace, ...root.attrs };
  return root;
}

export function buildMessageText(type: string, model: unknown, opts: BuildOptions = {}): string {
  const enc = normalizeEncoding(opts.encoding ?? 'utf-8');
  const d = getDescriptor(type);
  try {
    return writeXmlText(buildElement(type, model, opts), enc, { declaration: opts.declaration, pretty: opts.pretty });
  } catch (e) {
    wrapXmlError(e, d);
  }
}

/** Model -> XML bytes in the chosen code page. */
export function buildMessage(type: string, model: unknown, opts: BuildOptions = {}): Buffer {
  const enc = normalizeEncoding(opts.encoding ?? 'utf-8');
  const text = buildMessageText(type, model, { ...opts, encoding: enc });
  try {
    return encode(text, enc, opts.unencodable ?? 'error');
  } catch (e) {
    wrapXmlError(e, getDescriptor(type));
  }
}
