/**
 * The msgs of a message node, without Node-RED: what it reads from an incoming msg (mode, XML
 * source, model, file name) and what it sends (the `msg.pyramid` summary, a msg per record or
 * batch derived from the incoming one, a msg per invalid record shaped like a Catch node's), plus
 * the short reason of a failure for the node's status. Texts a user reads come from the node's
 * locale: this module gives keys and values.
 */
import * as path from 'node:path';
import { MessageError, type BatchSource, type InvalidRecord, type MessageDescriptor, type Part } from '.';
import type { Encoding } from '../xml/encoding';

/** A msg as the message node sees it (Node-RED's NodeMessage without its optional typing). */
export type Msg = Record<string, unknown> & { payload?: unknown };

/** An error of the node's own input (not of the message): a stable code, a sentence. */
export class InputError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'InputError';
    this.code = code;
  }
}

/** What a value is, for an error message: "a Buffer", "a list", "an object", "number", ... */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Buffer.isBuffer(v)) return 'a Buffer';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** 1234567 -> "1 234 567" */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** The file a msg is about: msg.filename, else the local file msg.filepath (base names only). */
export function fileNameOf(msg: Msg): string | undefined {
  if (typeof msg.filename === 'string' && msg.filename) return path.basename(msg.filename);
  if (typeof msg.filepath === 'string' && msg.filepath) return path.basename(msg.filepath);
  return undefined;
}

function hasPayload(msg: Msg): boolean {
  return msg.payload !== undefined && msg.payload !== null;
}

/** What `auto` mode does with a msg: parse XML (or msg.filepath), build from an object; undefined: nothing to do. */
export function autoMode(msg: Msg): 'parse' | 'build' | undefined {
  const p = msg.payload;
  if (Buffer.isBuffer(p) || typeof p === 'string') return 'parse';
  if (!hasPayload(msg) && typeof msg.filepath === 'string') return 'parse';
  if (p && typeof p === 'object') return 'build';
  return undefined;
}

/** The XML to parse: msg.payload, or the local file msg.filepath when the payload is absent; undefined: neither. */
export function xmlSourceOf(msg: Msg): BatchSource | undefined {
  const p = msg.payload;
  if (Buffer.isBuffer(p)) return { buffer: p };
  if (typeof p === 'string') return { text: p };
  if (!hasPayload(msg) && typeof msg.filepath === 'string') return { filepath: msg.filepath };
  return undefined;
}

/** The JSON model to build or validate: an object payload; undefined: something else. */
export function modelOf(msg: Msg): object | undefined {
  const p = msg.payload;
  return p && typeof p === 'object' && !Buffer.isBuffer(p) ? p : undefined;
}

/** Who sent a msg, as a Catch node's msg.error.source names it. */
export interface MsgSource {
  id: string;
  type: string;
  name?: string;
}

/**
 * The msgs one message node (a type and a document) sends. `clone` is the runtime's deep copy of
 * a msg (RED.util.cloneMessage), so a derived msg shares nothing with the one it came from.
 */
export class MessageMsgs {
  constructor(
    private readonly d: MessageDescriptor,
    private readonly part: Part,
    private readonly clone: <T>(msg: T) => T,
    private readonly source: MsgSource,
  ) {}

  /**
   * `msg.pyramid`: the type, name, direction and document, plus `extra` (count, encoding, ...).
   * What an upstream node put there (an FTP claim, say) stays; a previous failure's issues do not.
   */
  info(msg: Msg, extra: Record<string, unknown>): Record<string, unknown> {
    const { issues: _stale, ...prev } = msg.pyramid && typeof msg.pyramid === 'object' ? (msg.pyramid as Record<string, unknown>) : {};
    return { ...prev, type: this.d.type, name: this.d.name, direction: this.d.direction, part: this.part, ...extra };
  }

  /** A new msg carrying `payload` and a deep copy of everything else of `msg` (payload not copied). */
  derive(msg: Msg, payload: unknown): Msg {
    const { payload: _whole, ...rest } = msg;
    const m = this.clone(rest) as Msg;
    m.payload = payload;
    return m;
  }

  /** A msg derived from `msg` with `payload` and its `msg.pyramid` summary. */
  record(msg: Msg, payload: unknown, extra: Record<string, unknown>): Msg {
    const m = this.derive(msg, payload);
    m.pyramid = this.info(msg, extra);
    return m;
  }

  /** The msg of one invalid record for the second output: the record, its reason as msg.error. */
  invalid(msg: Msg, rec: InvalidRecord, fileName: string | undefined, encoding?: Encoding): Msg {
    const m = this.derive(msg, rec);
    delete m.parts;
    const head = fileName ? `${fileName}: ` : '';
    m.error = { message: head + rec.reason, code: 'MESSAGE_INVALID', source: { ...this.source } };
    m.pyramid = this.info(msg, { list: rec.list, count: 1, encoding });
    return m;
  }
}

/** The status key (in the node's `status.` locale group) saying briefly why a msg failed, with its values. */
export function failureStatus(err: unknown): { key: string; subs?: Record<string, string> } {
  const code = (err as { code?: unknown })?.code;
  if (err instanceof MessageError && code === 'MESSAGE_INVALID') {
    const where = err.issues[0]?.where ?? '';
    const field = where.includes(': ') ? where.slice(where.lastIndexOf(': ') + 2) : where;
    return { key: 'invalid', subs: { field: field.length > 24 ? field.slice(0, 23) + '…' : field } };
  }
  if (code === 'MESSAGE_ROOT') return { key: 'wrongRoot' };
  if (typeof code === 'string' && code.startsWith('ENCODING_')) return { key: 'badEncoding' };
  if (typeof code === 'string' && code.startsWith('XML_')) return { key: 'badXml' };
  if (code === 'FILE_READ') return { key: 'fileError' };
  if (code === 'STOPPED') return { key: 'stopped' };
  if (err instanceof InputError) return { key: 'badInput' };
  return { key: 'error' };
}
