/**
 * Uploads into Pyramid's in-folder: written under a temporary name and renamed into place, so
 * Pyramid's import never sees half a file; an existing file of the same name is a duplicate (the
 * same name means the same message) and is left alone unless overwriting is configured. Every
 * upload goes through the persistent outbox and is retried with backoff while the server cannot
 * be reached.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { FtpConnection, FtpSession, LogFn } from './connection';
import { FtpError, errorText } from './errors';
import { checkFileName, joinPath } from './names';
import type { Outbox, OutboxEntry } from './outbox';

export interface UploadTarget {
  folder: string;
  filename: string;
  overwrite?: boolean;
}

export interface UploadResult {
  /** Absolute folder on the server. */
  folder: string;
  filename: string;
  path: string;
  size: number;
  /** The file was already there and was not overwritten. */
  duplicate: boolean;
}

/**
 * The temporary name: not matching Pyramid's import patterns (prefix `~`, suffix `.part`), and
 * the same for the same file and uploader, so a retry overwrites what an interrupted attempt left.
 */
export function tempNameFor(filename: string, owner: string): string {
  const t = `~${filename}.${owner}.part`;
  if (t.length <= 255) return t;
  return `~${createHash('sha1').update(filename).digest('hex')}.${owner}.part`;
}

/** One upload on an open session: duplicate check, temporary name, size check, rename. */
export async function uploadFile(
  session: FtpSession,
  target: UploadTarget,
  data: Buffer | { path: string; size: number },
  owner: string,
): Promise<UploadResult> {
  const name = checkFileName(target.filename);
  const dir = session.abs(target.folder);
  await session.ensureDir(dir);
  const finalPath = joinPath(dir, name);
  const size = Buffer.isBuffer(data) ? data.length : data.size;
  if (!target.overwrite && (await session.exists(finalPath))) {
    const existing = await session.size(finalPath);
    return { folder: dir, filename: name, path: finalPath, size: existing ?? size, duplicate: true };
  }
  const tmp = joinPath(dir, tempNameFor(name, owner));
  if (Buffer.isBuffer(data)) await session.uploadBuffer(data, tmp);
  else await session.uploadLocalFile(data.path, tmp);
  const landed = await session.size(tmp);
  if (landed !== undefined && landed !== size) {
    throw new FtpError(`upload ${finalPath}: the server has ${landed} of ${size} bytes`, 'FTP_INCOMPLETE', { transient: true });
  }
  try {
    await session.rename(tmp, finalPath);
  } catch (err) {
    const e = err as FtpError;
    // Servers on Windows refuse to rename onto an existing file; replacing was asked for.
    if (e.transient || !target.overwrite || !(await session.exists(finalPath))) {
      if (!e.transient) await session.remove(tmp).catch(() => undefined);
      throw err;
    }
    await session.remove(finalPath);
    await session.rename(tmp, finalPath);
  }
  return { folder: dir, filename: name, path: finalPath, size, duplicate: false };
}

export type SendOutcome =
  | { state: 'done'; entry: OutboxEntry; result: UploadResult }
  | { state: 'queued'; entry: OutboxEntry; error: FtpError };

export interface UploaderEvents {
  /** An entry from the outbox was uploaded by a retry. */
  delivered: [entry: OutboxEntry, result: UploadResult];
  /** An entry failed for good and was moved to the outbox's failed/ folder. */
  failed: [entry: OutboxEntry, error: FtpError];
  /** The number of waiting entries changed. */
  queue: [size: number];
}

export class FtpUploader extends EventEmitter<UploaderEvents> {
  private readonly conn: FtpConnection;
  readonly outbox: Outbox;
  private readonly owner: string;
  private readonly log: LogFn;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private pausedUntil = 0;
  private closed = false;
  private started: Promise<void> | undefined;

  constructor(conn: FtpConnection, outbox: Outbox, options: { owner: string; log?: LogFn }) {
    super();
    this.conn = conn;
    this.outbox = outbox;
    this.owner = options.owner;
    this.log = options.log ?? (() => undefined);
  }

  /** Load the outbox and start retrying what is waiting in it. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = this.outbox.load().then((entries) => {
        if (entries.length) this.log('info', `outbox ${this.outbox.dir}: ${entries.length} file(s) waiting`);
        this.emit('queue', this.outbox.size);
        this.schedule(0);
      });
    }
    return this.started;
  }

  /**
   * Accept a file: it is in the outbox when this resolves, and uploaded when the state is `done`.
   * `queued` means the server could not be reached; a retry will deliver it (event `delivered`).
   * Rejects for a bad name, an outbox that cannot be written, or a permanent refusal by the server.
   */
  async send(req: UploadTarget & { data: Buffer | { path: string }; meta?: unknown }): Promise<SendOutcome> {
    if (this.closed) throw new FtpError(`${req.filename}: the uploader is closed`, 'FTP_CLOSED');
    await this.start();
    const entry = await this.outbox.add(req, (id) => this.inFlight.add(id));
    this.emit('queue', this.outbox.size);
    return this.attempt(entry);
  }

  private async attempt(entry: OutboxEntry): Promise<SendOutcome> {
    this.inFlight.add(entry.id);
    try {
      const dataPath = this.outbox.dataPath(entry);
      const result = await this.conn.run(`upload ${entry.filename}`, (s) =>
        uploadFile(s, entry, { path: dataPath, size: entry.size }, this.owner),
      );
      await this.outbox.complete(entry.id);
      this.emit('queue', this.outbox.size);
      return { state: 'done', entry, result };
    } catch (err) {
      const e = err instanceof FtpError ? err : new FtpError(`upload ${entry.filename}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
      if (e.transient && !this.closed) {
        const d = await this.outbox.defer(entry.id, e.message);
        if (d) this.pausedUntil = Math.max(this.pausedUntil, d.nextAttemptAt);
        return { state: 'queued', entry: d ?? entry, error: e };
      }
      if (e.transient) return { state: 'queued', entry, error: e };
      await this.outbox.fail(entry.id, e.message);
      this.emit('queue', this.outbox.size);
      throw e;
    } finally {
      this.inFlight.delete(entry.id);
      // Still waiting: arm the retry now that the entry counts again (while it was in flight,
      // schedule() skipped it, so a first failure from send() armed nothing and the file waited
      // for the next reconnect, or for ever while the connection stayed up).
      if (!this.closed && this.outbox.get(entry.id)) this.schedule();
    }
  }

  /** Try everything waiting now (the connection came back, or a user asked). */
  retryNow(): void {
    this.pausedUntil = 0;
    this.schedule(0);
  }

  private schedule(delay?: number): void {
    if (this.closed) return;
    // Entries being uploaded right now are finished by their own attempt.
    let due: number | undefined;
    for (const e of this.outbox.list()) {
      if (!this.inFlight.has(e.id)) due = due === undefined ? e.nextAttemptAt : Math.min(due, e.nextAttemptAt);
    }
    if (due === undefined) return;
    const wait = delay ?? Math.max(0, Math.max(due, this.pausedUntil) - Date.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runRound();
    }, wait);
  }

  private async runRound(): Promise<void> {
    if (this.round) return this.round;
    this.round = (async () => {
      for (const entry of this.outbox.list()) {
        if (this.closed) return;
        if (this.inFlight.has(entry.id) || !this.outbox.get(entry.id)) continue;
        if (entry.nextAttemptAt > Date.now() && this.pausedUntil !== 0) continue;
        try {
          const r = await this.attempt(entry);
          if (r.state === 'done') this.emit('delivered', r.entry, r.result);
          else break; // the server is away: the rest waits for the next round
        } catch (err) {
          this.emit('failed', entry, err as FtpError);
        }
      }
    })().finally(() => {
      this.round = undefined;
      if (!this.closed && this.outbox.size > 0) this.schedule();
    });
    return this.round;
  }

  /** Stop retrying; what is waiting stays in the outbox for the next start. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.removeAllListeners();
  }
}
