/**
 * What the operations sidebar shows and does on Pyramid's FTP server: the claims in processing/
 * (parsed by lib/ftp's claim-name rules), the files in error/ with their reason texts, and the
 * two actions on such a file: replay (back to the folder it is polled from, the reason to
 * archive/) and remove (the file and its reason to archive/; nothing is ever deleted).
 * Each function takes an FtpSession, so it runs inside the server's one operation queue.
 */
import {
  FtpError,
  checkFileName,
  fileTimestamp,
  heldClaims,
  joinPath,
  parseClaimName,
  scrub,
  type ClaimInfo,
  type FtpSession,
  type OutboxEntry,
  type RemoteEntry,
} from '../ftp';

export interface OpsFolders {
  processing: string;
  archive: string;
  error: string;
}

export interface ProcessingEntry {
  /** The name in processing/. */
  claim: string;
  original?: string;
  holder?: string;
  /** ISO: when this runtime claimed it (held here), else the file's time on the server. */
  since?: string;
  /** Whether `since` is the claim time (held by this runtime) or the server's file time. */
  sinceIsClaim: boolean;
  leaseUntil?: string;
  /** The lease ended: the file is free for the next poll. */
  expired?: boolean;
  /** Deliveries so far, when the claim name carries the count. */
  deliveries?: number;
  /** Held by this Node-RED runtime. */
  local: boolean;
  size?: number;
}

export interface ErrorEntry {
  name: string;
  size?: number;
  mtime?: string;
  /** The text of `<name>.reason.txt`, cut at `maxReasonBytes`. */
  reason?: string;
  reasonFile?: string;
}

export interface FtpOpsListing {
  processing: ProcessingEntry[];
  errors: ErrorEntry[];
  /** Reason files whose file is gone (moved by hand, say). */
  orphanReasons: string[];
  /** More files in error/ than listed. */
  errorsTruncated: boolean;
}

export interface ListOptions {
  now?: number;
  /** Files of error/ listed (oldest first); default 200. */
  maxErrors?: number;
  /** Reason files read; default 50 (the others are listed without their text). */
  maxReasons?: number;
  /** Bytes of a reason file shown; default 4096. */
  maxReasonBytes?: number;
}

export const REASON_SUFFIX = '.reason.txt';

function iso(d: Date | undefined): string | undefined {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function deliveriesOf(info: ClaimInfo): number | undefined {
  const n = (info as ClaimInfo & { deliveries?: unknown }).deliveries;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

async function listOrEmpty(session: FtpSession, folder: string): Promise<RemoteEntry[]> {
  try {
    return await session.list(folder);
  } catch (err) {
    // a folder that does not exist yet holds nothing (servers say so with 550, some with a 4xx)
    if (err instanceof FtpError && err.code === 'FTP_NOT_FOUND') return [];
    if (err instanceof FtpError && err.code !== 'FTP_CONNECTION_LOST' && !(await session.isDir(folder))) return [];
    throw err;
  }
}

/** One claim in processing/, as the sidebar shows it. */
export function describeClaim(entry: Pick<RemoteEntry, 'name' | 'size' | 'mtime'>, now: number): ProcessingEntry {
  const info = parseClaimName(entry.name);
  if (!info) return { claim: entry.name, sinceIsClaim: false, local: false, ...(entry.mtime ? { since: iso(entry.mtime) } : {}), size: entry.size };
  const held = heldClaims(info.owner).get(entry.name);
  const deliveries = deliveriesOf(info);
  return {
    claim: entry.name,
    original: info.original,
    holder: info.owner,
    since: held?.claimedAt !== undefined ? new Date(held.claimedAt).toISOString() : iso(entry.mtime),
    sinceIsClaim: held?.claimedAt !== undefined,
    leaseUntil: new Date(info.leaseUntil).toISOString(),
    expired: info.leaseUntil <= now,
    ...(deliveries !== undefined ? { deliveries } : {}),
    local: held !== undefined,
    size: entry.size,
  };
}

/** processing/ and error/ of one server. */
export async function listFtpOps(session: FtpSession, folders: OpsFolders, o: ListOptions = {}): Promise<FtpOpsListing> {
  const now = o.now ?? Date.now();
  const maxErrors = o.maxErrors ?? 200;
  const maxReasons = o.maxReasons ?? 50;
  const maxReasonBytes = o.maxReasonBytes ?? 4096;

  const processing = (await listOrEmpty(session, folders.processing))
    .filter((e) => e.type === 'file')
    .map((e) => describeClaim(e, now))
    .sort((a, b) => (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0));

  const inError = (await listOrEmpty(session, folders.error)).filter((e) => e.type === 'file');
  const names = new Set(inError.map((e) => e.name));
  const files = inError
    .filter((e) => !e.name.endsWith(REASON_SUFFIX))
    .sort((a, b) => (a.mtime?.getTime() ?? 0) - (b.mtime?.getTime() ?? 0) || (a.name < b.name ? -1 : 1));
  const orphanReasons = inError
    .filter((e) => e.name.endsWith(REASON_SUFFIX) && !names.has(e.name.slice(0, -REASON_SUFFIX.length)))
    .map((e) => e.name)
    .sort();

  const errorDir = session.abs(folders.error);
  const errors: ErrorEntry[] = [];
  let read = 0;
  for (const f of files.slice(0, maxErrors)) {
    const e: ErrorEntry = { name: f.name, size: f.size, ...(f.mtime ? { mtime: iso(f.mtime) } : {}) };
    const reasonName = f.name + REASON_SUFFIX;
    if (names.has(reasonName)) {
      e.reasonFile = reasonName;
      if (read < maxReasons) {
        read++;
        try {
          const buf = await session.downloadBuffer(joinPath(errorDir, reasonName));
          const cut = buf.length > maxReasonBytes;
          e.reason = buf.subarray(0, maxReasonBytes).toString('utf8').replace(/\r\n/g, '\n').trimEnd() + (cut ? '\n…' : '');
        } catch (err) {
          if ((err as FtpError).transient) throw err;
          // gone between the listing and the read: shown without its text
        }
      }
    }
    errors.push(e);
  }
  return { processing, errors, orphanReasons, errorsTruncated: files.length > maxErrors };
}

/** Move `from` to `dir/name`; a name taken there gets a time stamp instead of replacing anything. */
async function moveKeeping(session: FtpSession, from: string, dir: string, name: string, now: Date): Promise<string> {
  await session.ensureDir(dir);
  const target = joinPath(session.abs(dir), name);
  if (!(await session.exists(target))) {
    await session.rename(from, target);
    return target;
  }
  const dot = name.endsWith(REASON_SUFFIX) ? name.length - REASON_SUFFIX.length : name.length;
  const alt = joinPath(session.abs(dir), `${name.slice(0, dot)}.${fileTimestamp(now)}${name.slice(dot)}`);
  await session.rename(from, alt);
  return alt;
}

function checkErrorName(name: unknown): string {
  const n = checkFileName(name, 'file');
  if (n.endsWith(REASON_SUFFIX)) throw new FtpError(`${n} is a reason file: act on the file it belongs to`, 'FTP_BAD_NAME');
  return n;
}

export interface MoveResult {
  /** Where the file went. */
  file: string;
  /** Where its reason went, when it had one. */
  reason?: string;
}

/**
 * Replay: the file goes back to `toFolder` (the folder a pyramid-ftp-in polls) under its own
 * name, so the next poll claims it again; its reason goes to archive/. Refused when a file of that
 * name is already waiting there (it would be overwritten).
 */
export async function replayErrorFile(session: FtpSession, folders: OpsFolders, name: string, toFolder: string, now: Date = new Date()): Promise<MoveResult> {
  const n = checkErrorName(name);
  const errorDir = session.abs(folders.error);
  const from = joinPath(errorDir, n);
  if (!(await session.exists(from))) throw new FtpError(`replay ${n}: the file is no longer in ${errorDir}`, 'FTP_NOT_FOUND');
  const target = joinPath(session.abs(toFolder), n);
  if (await session.exists(target)) throw new FtpError(`replay ${n}: ${target} already exists; move or remove that file first`, 'FTP_COMMAND');
  await session.ensureDir(toFolder);
  await session.rename(from, target);
  const reasonFrom = joinPath(errorDir, n + REASON_SUFFIX);
  let reason: string | undefined;
  if (await session.exists(reasonFrom)) reason = await moveKeeping(session, reasonFrom, folders.archive, n + REASON_SUFFIX, now);
  return { file: target, ...(reason ? { reason } : {}) };
}

/** Remove from error/: the file and its reason move to archive/ (kept, never deleted). */
export async function archiveErrorFile(session: FtpSession, folders: OpsFolders, name: string, now: Date = new Date()): Promise<MoveResult> {
  const n = checkErrorName(name);
  const errorDir = session.abs(folders.error);
  const from = joinPath(errorDir, n);
  if (!(await session.exists(from))) throw new FtpError(`remove ${n}: the file is no longer in ${errorDir}`, 'FTP_NOT_FOUND');
  const file = await moveKeeping(session, from, folders.archive, n, now);
  const reasonFrom = joinPath(errorDir, n + REASON_SUFFIX);
  let reason: string | undefined;
  if (await session.exists(reasonFrom)) reason = await moveKeeping(session, reasonFrom, folders.archive, n + REASON_SUFFIX, now);
  return { file, ...(reason ? { reason } : {}) };
}

export interface OutboxView {
  id: string;
  file: string;
  folder: string;
  size: number;
  attempts: number;
  lastError?: string;
  created: string;
  nextAttempt: string;
}

/**
 * The outbox as the sidebar shows it: never the entry's `meta` (a copy of the flow's msg, which
 * may hold anything), and the last error with the server's secrets taken out.
 */
export function outboxView(entries: readonly OutboxEntry[], secrets: readonly (string | undefined)[] = []): OutboxView[] {
  return entries.map((e) => ({
    id: e.id,
    file: e.filename,
    folder: e.folder,
    size: e.size,
    attempts: e.attempts,
    ...(e.lastError ? { lastError: scrub(e.lastError, secrets) } : {}),
    created: e.createdAt,
    nextAttempt: new Date(e.nextAttemptAt).toISOString(),
  }));
}
