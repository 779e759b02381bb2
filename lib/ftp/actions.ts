/**
 * What pyramid-ftp-out does with a msg: upload its payload (through the server's outbox), or one
 * of the file actions, each one task in the server's queue: acknowledge a claim (to archive/),
 * reject it (to error/ with its reason), release it (delivered again after its lease), delete a
 * file, list a folder.
 */
import { ackClaim, reasonText, rejectClaim, releaseClaim } from './claims';
import type { FtpConnection } from './connection';
import { FtpError } from './errors';
import { addPyramid, claimOf, payloadData, type Msg } from './msg';
import { checkFileName, joinPath } from './names';
import type { FtpServer, ServerFolders } from './server';
import type { UploadResult } from './upload';
import { forgetClaim } from './spool';

/** The part of a server the actions use. */
export interface ActionTarget {
  conn: FtpConnection;
  folders: ServerFolders;
}

export interface ListedFile {
  name: string;
  size: number;
  /** ISO time, when the listing gives one. */
  mtime?: string;
}

/** The file is done with: archived; returns where it went. */
export async function ackFile(server: ActionTarget, claim: string): Promise<string> {
  const r = await server.conn.run(`ack ${claim}`, (s) => ackClaim(s, server.folders, claim));
  await forgetClaim(claim);
  return r.archivedAs;
}

/** The file failed for good: to error/ with a reason file. */
export async function rejectFile(server: ActionTarget, claim: string, reason: string): Promise<{ movedTo: string; reasonFile: string }> {
  const r = await server.conn.run(`reject ${claim}`, (s) => rejectClaim(s, server.folders, claim, reason));
  await forgetClaim(claim);
  return { movedTo: r.movedTo, reasonFile: r.reasonFile };
}

/**
 * Not done with it, not failed for good (e.g. the shop is down): its lease is no longer renewed,
 * so the file is delivered again when the lease ends. Resolves to the claim's current name, or
 * undefined when this runtime does not hold it.
 */
export function releaseFile(claim: string): Promise<string | undefined> {
  return releaseClaim(claim);
}

export async function deleteFile(server: ActionTarget, folder: string, name: string): Promise<void> {
  await server.conn.run(`delete ${name}`, (s) => s.remove(joinPath(s.abs(folder), name)));
}

/** The files of a folder (no folders), by name. */
export async function listFiles(server: ActionTarget, folder: string): Promise<ListedFile[]> {
  const entries = await server.conn.run(`list ${folder}`, (s) => s.list(folder));
  return entries
    .filter((e) => e.type === 'file')
    .map((e) => ({ name: e.name, size: e.size, mtime: e.mtime ? e.mtime.toISOString() : undefined }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What a msg's action did, for the node's status. */
export type ActionDone = 'acked' | 'rejected' | 'released' | 'deleted' | 'listed';

/** What became of a msg: uploaded, waiting in the outbox, or one of the other actions done. */
export type MsgOutcome = { done: 'uploaded'; result: UploadResult } | { done: 'queued'; filename: string; error: FtpError } | { done: ActionDone; count?: number };

/** The texts of a msg's mistakes, in the runtime's language (the node translates). */
export interface ActionTexts {
  /** The payload is neither text nor a Buffer (nor absent with a msg.filepath). */
  payload(type: string): string;
  noClaim(): string;
  notHeld(claim: string): string;
  unknownAction(action: string): string;
}

/** How one msg is handled: its action, the uploader's key, and the folder and name (resolved per msg). */
export interface MsgRequest {
  action: string;
  /** The node's id: a retried upload is delivered to it. */
  key: string;
  overwrite: boolean;
  folder: () => string | Promise<string>;
  fileName: () => string | Promise<string>;
  texts: ActionTexts;
}

/**
 * Handle a msg of pyramid-ftp-out. An upload takes the name first, then the payload (a string in
 * the code page the msg names, see payloadEncoding), then the folder; `queued` means the file is
 * safe in the outbox and the server's retry will deliver it to the user `key`.
 */
export async function handleMsg(server: FtpServer, msg: Msg, r: MsgRequest): Promise<MsgOutcome> {
  if (r.action !== 'upload') return fileAction(server, r.action, msg, r.folder, r.texts);
  const named = r.fileName();
  const filename = typeof named === 'string' ? named : await named;
  const data = payloadData(msg, server.encoding);
  if (!data) throw new FtpError(r.texts.payload(msg.payload === null ? 'null' : typeof msg.payload), 'FTP_BAD_CONFIG');
  const where = r.folder();
  const folder = typeof where === 'string' ? where : await where;
  const outcome = await server.upload({ folder, filename, overwrite: r.overwrite, data, key: r.key, msg });
  return outcome.state === 'done' ? { done: 'uploaded', result: outcome.result } : { done: 'queued', filename, error: outcome.error };
}

/**
 * Do an action other than upload for a msg: the claim is msg.pyramid.claim (as pyramid-ftp-in
 * sent it), a reject's reason msg.reason or msg.error, the file to delete msg.filename, the
 * folder `folder(msg)`. The outcome goes into the msg (msg.pyramid.acked, .rejected and
 * .reasonFile, .released; msg.payload for a list).
 */
export async function fileAction(
  server: ActionTarget,
  action: string,
  msg: Msg,
  folder: () => string | Promise<string>,
  texts: Pick<ActionTexts, 'noClaim' | 'notHeld' | 'unknownAction'>,
): Promise<{ done: ActionDone; count?: number }> {
  const claim = (): string => {
    const c = claimOf(msg);
    if (!c) throw new FtpError(texts.noClaim(), 'FTP_BAD_NAME');
    return c;
  };
  switch (action) {
    case 'ack':
      addPyramid(msg, { acked: await ackFile(server, claim()) });
      return { done: 'acked' };
    case 'reject': {
      const r = await rejectFile(server, claim(), reasonText(msg.reason ?? msg.error));
      addPyramid(msg, { rejected: r.movedTo, reasonFile: r.reasonFile });
      return { done: 'rejected' };
    }
    case 'release': {
      const c = claim();
      const current = await releaseFile(c);
      if (!current) throw new FtpError(texts.notHeld(c), 'FTP_CLAIM_LOST');
      addPyramid(msg, { released: current });
      return { done: 'released' };
    }
    case 'delete': {
      const name = checkFileName(msg.filename, 'msg.filename');
      const f = folder();
      await deleteFile(server, typeof f === 'string' ? f : await f, name);
      return { done: 'deleted' };
    }
    case 'list': {
      const f = folder();
      const files = await listFiles(server, typeof f === 'string' ? f : await f);
      msg.payload = files;
      return { done: 'listed', count: files.length };
    }
    default:
      throw new FtpError(texts.unknownAction(action), 'FTP_BAD_CONFIG');
  }
}
