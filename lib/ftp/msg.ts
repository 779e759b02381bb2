/**
 * The msg of the FTP nodes: what a polled file becomes, what an upload, ack, reject or release
 * adds, what is read from a msg (action, claim, the bytes to upload and their code page), and the
 * copy of a msg the outbox can keep on disk.
 */
import { encode, travellingCodePage, type Encoding } from '../xml/encoding';
import type { AckMode, PolledFile, QuarantinedFile } from './poll-options';
import type { UploadResult } from './upload';

export type Msg = Record<string, unknown>;

export const FILE_ACTIONS = ['upload', 'ack', 'reject', 'release', 'delete', 'list'] as const;
export type FileAction = (typeof FILE_ACTIONS)[number];

/** A copy of a msg that can be written as JSON (for the outbox): no payload, no req/res. */
export function storableMsg(msg: Msg): Msg {
  const out: Msg = {};
  for (const [k, v] of Object.entries(msg)) {
    if (k === 'payload' || k === 'req' || k === 'res') continue;
    try {
      const j = JSON.stringify(v);
      if (j !== undefined && j.length <= 64 * 1024) out[k] = JSON.parse(j);
    } catch {
      // not serialisable (a socket, a circular object): it cannot survive a restart anyway
    }
  }
  return out;
}

/** ISO text of a time; the last few kept (files of one batch share their lease end, listings their minute). */
const isoMemo = new Map<number, string>();
function iso(ms: number): string {
  let t = isoMemo.get(ms);
  if (t === undefined) {
    if (isoMemo.size >= 16) isoMemo.clear();
    t = new Date(ms).toISOString();
    isoMemo.set(ms, t);
  }
  return t;
}

/** The msg of a polled file (the caller adds its _msgid). */
export function polledMsg(file: PolledFile, from: { server: string; ack: AckMode; encoding: Encoding }): Msg {
  const msg: Msg = {
    topic: file.filename,
    filename: file.filename,
    size: file.size,
    mtime: file.mtime ? iso(file.mtime.getTime()) : undefined,
    payload: file.payload,
    pyramid: {
      type: file.type,
      claim: file.claim,
      folder: file.folder,
      server: from.server,
      ack: from.ack,
      leaseUntil: iso(file.leaseUntil),
      redelivered: file.redelivered,
      deliveries: file.deliveries,
      encoding: from.encoding,
    },
  };
  if (file.filepath) msg.filepath = file.filepath;
  return msg;
}

/** What is said about a file quarantined after too many deliveries. */
export function poisonText(q: QuarantinedFile): string {
  return `${q.filename} moved to ${q.movedTo} and never delivered again: ${q.reason}`;
}

/** The error msg (for Catch nodes) of a file quarantined after too many deliveries. */
export function poisonMsg(q: QuarantinedFile, text: string, server: string): Msg {
  return {
    payload: undefined,
    topic: q.filename,
    filename: q.filename,
    error: { message: text, code: 'FTP_POISON' },
    pyramid: { deliveries: q.deliveries, quarantined: q.movedTo, reasonFile: q.reasonFile, lastOwner: q.lastOwner, leaseUntil: new Date(q.leaseUntil).toISOString(), server },
  };
}

/** msg.pyramid with more fields (a msg.pyramid that is not an object is replaced). */
export function addPyramid(msg: Msg, fields: Msg): Msg {
  const prev = msg.pyramid && typeof msg.pyramid === 'object' ? (msg.pyramid as Msg) : {};
  msg.pyramid = { ...prev, ...fields };
  return msg;
}

/** A msg after its upload: msg.filename as uploaded, msg.pyramid.upload what happened. */
export function withUpload(msg: Msg, result: UploadResult): Msg {
  msg.filename = result.filename;
  return addPyramid(msg, { upload: { ...result } });
}

/** The claim a msg refers to (msg.pyramid.claim, as pyramid-ftp-in sent it), if any. */
export function claimOf(msg: Msg): string | undefined {
  const py = msg.pyramid as { claim?: unknown } | undefined;
  const claim = py && typeof py === 'object' ? py.claim : undefined;
  return typeof claim === 'string' && claim !== '' ? claim : undefined;
}

/** The action for a msg: the configured one, or (configured `msg`) msg.action, default upload. */
export function actionOf(msg: Msg, configured: FileAction | 'msg'): string {
  if (configured !== 'msg') return configured;
  return typeof msg.action === 'string' && msg.action !== '' ? msg.action : 'upload';
}

/**
 * The code page of a text payload: the one its builder wrote with and named in its XML
 * declaration (msg.pyramid.encoding, set by the message nodes) when it is one we know, else the
 * server's. One decision, carried with the text from the builder to the bytes on the server.
 */
export function payloadEncoding(msg: Msg, server: Encoding): Encoding {
  // a code page we cannot write, or none: the server's, as before msgs carried one
  return travellingCodePage(msg) ?? server;
}

/**
 * What to upload for a msg: a Buffer as it is, a string in its code page (payloadEncoding), a
 * spooled file by msg.filepath when there is no payload; undefined for any other payload.
 */
export function payloadData(msg: Msg, server: Encoding): Buffer | { path: string } | undefined {
  const p = msg.payload;
  if (Buffer.isBuffer(p)) return p;
  if (typeof p === 'string') return encode(p, payloadEncoding(msg, server), 'error');
  if (p === undefined && typeof msg.filepath === 'string') return { path: msg.filepath };
  return undefined;
}
