/**
 * Uploads into Pyramid's in-folder: written under a temporary name and renamed into place, so
 * Pyramid's import never sees half a file; an existing file of the same name is a duplicate (the
 * same name means the same message) and is left alone unless overwriting is configured. Every
 * upload goes through the persistent outbox and is retried with backoff while the server cannot
 * be reached.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { FtpConnection, type FtpSession, type LogFn } from './connection';
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

/**
 * Sub-folders of the folder uploaded to where the receiver keeps the files it has taken, by default
 * those of Pyramid's import as the simulator has them (`imported/`, `duplicate/`, `error/`): a file
 * of the same name there was delivered before, so an upload of it again is a duplicate too.
 */
export const DEFAULT_TAKEN_FOLDERS: readonly string[] = ['imported', 'duplicate', 'error'];

/** Folder names from a config text (comma or space separated); each must be a plain relative folder. */
export function parseTakenFolders(text: unknown): string[] {
  if (text === undefined || text === null) return [...DEFAULT_TAKEN_FOLDERS];
  const out: string[] = [];
  for (const raw of String(text).split(/[\s,]+/)) {
    const f = raw.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (!f) continue;
    if (f.startsWith('/') || f.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      throw new FtpError(`taken folder "${raw}": must be a folder inside the folder uploaded to`, 'FTP_BAD_CONFIG');
    }
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** Where a file of this name already is: the folder itself or one of the taken folders. */
async function alreadyThere(session: FtpSession, dir: string, name: string, taken: readonly string[]): Promise<string | undefined> {
  // the folder first, then where the receiver moves files to: a file moved meanwhile is still found
  for (const p of [joinPath(dir, name), ...taken.map((f) => joinPath(joinPath(dir, f), name))]) {
    if (await session.exists(p)) return p;
  }
  return undefined;
}

/** The lock folder of a file name (a `~` name Pyramid's import never takes, and a folder at that). */
export function lockNameFor(filename: string): string {
  const t = `~${filename}.lock`;
  if (t.length <= 255) return t;
  return `~${createHash('sha1').update(filename).digest('hex')}.lock`;
}

export interface NameLockOptions {
  /** How long to wait for another uploader's lock before giving up for now (transient), ms. Default 15,000. */
  waitMs?: number;
  /** A lock older than this is a crashed uploader's and is removed, ms. Default 60,000. */
  staleMs?: number;
  now?: () => number;
}

/**
 * Runs `fn` holding the lock of one file name in one folder, for several uploaders (Node-RED
 * instances) sharing the folder. The lock is a folder `~<name>.lock` (a name Pyramid's import never
 * takes); each uploader makes its own folder `<owner>.<ms>.<random>` in it (MKD) and then lists the
 * lock: it holds the lock only when its own is the only one there, else it removes its own and tries
 * again after a random pause. Two can never both see themselves alone (each made its folder before
 * listing), whatever MKD does with an existing folder (some servers, ftp-srv among them, answer 257).
 * The lock is held only for the duplicate check and the rename, never during a transfer. Folders of
 * this owner are leftovers of its own crash and are removed; another's older than `staleMs` is a
 * crashed uploader's and is removed; after `waitMs` this fails as transient (the outbox tries again).
 */
export async function withNameLock<T>(session: FtpSession, dir: string, filename: string, owner: string, fn: () => Promise<T>, o: NameLockOptions = {}): Promise<T> {
  const now = o.now ?? Date.now;
  const lock = joinPath(dir, lockNameFor(filename));
  const deadline = now() + (o.waitMs ?? 15_000);
  const staleMs = o.staleMs ?? 60_000;
  const ignore = (err: unknown): void => {
    if ((err as FtpError).transient) throw err;
  };
  for (let round = 0; ; round++) {
    await session.makeDir(lock).catch(ignore);
    const me = `${owner}.${now()}.${randomBytes(3).toString('hex')}`;
    const mine = joinPath(lock, me);
    await session.makeDir(mine);
    let alone = false;
    try {
      const others = (await session.list(lock)).filter((e) => e.type === 'dir' && e.name !== me).map((e) => e.name);
      const stale = others.filter((h) => {
        const m = /^(.+)\.(\d+)\.[0-9a-f]+$/.exec(h);
        // this owner's own from before a restart, another's from too long ago, or not ours at all
        return !m || m[1] === owner || now() - Number(m[2]) > staleMs;
      });
      for (const h of stale) await session.removeDir(joinPath(lock, h)).catch(ignore);
      alone = others.length === stale.length;
    } finally {
      if (!alone) await session.removeDir(mine).catch(() => undefined);
    }
    if (alone) {
      try {
        return await fn();
      } finally {
        await session.removeDir(mine).catch(() => undefined);
        // fails while another uploader's folder is in it: that one removes it
        await session.removeDir(lock).catch(() => undefined);
      }
    }
    if (now() > deadline) {
      throw new FtpError(`upload ${joinPath(dir, filename)}: another uploader holds ${lock}`, 'FTP_BUSY', { transient: true });
    }
    // a random pause, longer each round: two that met will not meet again for long
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(1000, 50 * 2 ** Math.min(round, 5)))));
  }
}

/**
 * One upload on an open session: the file under a temporary name, its size checked, the duplicate
 * check, the rename into place. The duplicate check comes right before the rename (after the
 * transfer), so a copy of the same file delivered meanwhile by another uploader (another Node-RED
 * instance, or this one's outbox replaying after a crash) is found in the folder or, if the receiver
 * has already taken it, in one of `takenFolders`; the window left is one command, shorter than any
 * import that waits for a file to be unchanged over two looks.
 */
export async function uploadFile(
  session: FtpSession,
  target: UploadTarget,
  data: Buffer | { path: string; size: number },
  owner: string,
  options: { takenFolders?: readonly string[]; lock?: boolean | NameLockOptions } = {},
): Promise<UploadResult> {
  const name = checkFileName(target.filename);
  const dir = session.abs(target.folder);
  await session.ensureDir(dir);
  const finalPath = joinPath(dir, name);
  const size = Buffer.isBuffer(data) ? data.length : data.size;
  const taken = options.takenFolders ?? [];
  const tmp = joinPath(dir, tempNameFor(name, owner));
  if (Buffer.isBuffer(data)) await session.uploadBuffer(data, tmp);
  else await session.uploadLocalFile(data.path, tmp);
  const landed = await session.size(tmp);
  if (landed !== undefined && landed !== size) {
    throw new FtpError(`upload ${finalPath}: the server has ${landed} of ${size} bytes`, 'FTP_INCOMPLETE', { transient: true });
  }
  const place = async (): Promise<UploadResult> => {
    if (!target.overwrite) {
      const there = await alreadyThere(session, dir, name, taken);
      if (there) {
        await session.remove(tmp).catch(() => undefined);
        const existing = await session.size(there).catch(() => undefined);
        return { folder: dir, filename: name, path: there, size: existing ?? size, duplicate: true };
      }
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
  };
  // several uploaders sharing the folder: the check and the rename under the name's lock
  if (!options.lock) return place();
  return withNameLock(session, dir, name, owner, place, options.lock === true ? {} : options.lock);
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
  /** At most this many connections upload at once (the shared one and extra ones of the uploader's own). */
  private readonly connections: number;
  /** Extra connections (opened on demand, closed when idle) and when each was last used. */
  private readonly extra: { conn: FtpConnection; lastUsed: number; busy: number }[] = [];
  /** Extra connections are not opened again before this time (one was refused or failed). */
  private extraAfter = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Uploads of one target path run one after the other (the duplicate check, then the upload). */
  private readonly byPath = new Map<string, Promise<unknown>>();

  /** Sub-folders where the receiver keeps files it has taken (see uploadFile). */
  private readonly takenFolders: readonly string[];
  /** Check and rename under a lock of the name (several uploaders share the folder). */
  private readonly lock: boolean;

  constructor(conn: FtpConnection, outbox: Outbox, options: { owner: string; log?: LogFn; connections?: number; takenFolders?: readonly string[]; lock?: boolean }) {
    super();
    this.conn = conn;
    this.outbox = outbox;
    this.owner = options.owner;
    this.log = options.log ?? (() => undefined);
    this.connections = Math.max(1, Math.min(8, Math.floor(options.connections ?? 1)));
    this.takenFolders = options.takenFolders ?? [];
    this.lock = options.lock === true;
  }

  /**
   * The connection for the next upload: the shared one while its queue is empty, else an idle or
   * the least busy extra one (opened up to `connections - 1`), else the shared one.
   */
  private pick(): { conn: FtpConnection; slot?: { conn: FtpConnection; lastUsed: number; busy: number } } {
    if (this.connections <= 1 || this.conn.pending === 0 || Date.now() < this.extraAfter) return { conn: this.conn };
    let best = this.extra.find((x) => x.busy === 0);
    if (!best && this.extra.length < this.connections - 1) {
      best = { conn: new FtpConnection(this.conn.options, { log: this.log }), lastUsed: Date.now(), busy: 0 };
      this.extra.push(best);
    }
    best ??= this.extra.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (best.busy > this.conn.pending) return { conn: this.conn };
    return { conn: best.conn, slot: best };
  }

  /** Closes extra connections unused for 30 s. */
  private armIdle(): void {
    if (this.idleTimer || this.extra.length === 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const now = Date.now();
      for (let i = this.extra.length - 1; i >= 0; i--) {
        const x = this.extra[i];
        if (x.busy === 0 && now - x.lastUsed >= 30_000) {
          this.extra.splice(i, 1);
          void x.conn.close(0).catch(() => undefined);
        }
      }
      this.armIdle();
    }, 30_000);
    this.idleTimer.unref?.();
  }

  /** One upload, on a connection of the pool; an extra connection that fails hands the upload to the shared one. */
  private upload(entry: OutboxEntry): Promise<UploadResult> {
    const dataPath = this.outbox.dataPath(entry);
    const run = (conn: FtpConnection): Promise<UploadResult> =>
      conn.run(`upload ${entry.filename}`, (s) => uploadFile(s, entry, { path: dataPath, size: entry.size }, this.owner, { takenFolders: this.takenFolders, lock: this.lock }));
    const key = `${entry.folder}\u0000${entry.filename}`;
    const before = this.byPath.get(key) ?? Promise.resolve();
    const next = before.then(async () => {
      const { conn, slot } = this.pick();
      if (!slot) return run(conn);
      slot.busy++;
      try {
        return await run(conn);
      } catch (err) {
        if (!(err instanceof FtpError && err.transient) || this.closed) throw err;
        // the server may limit connections per user: upload on the shared connection, and open no
        // extra one for a minute
        this.extraAfter = Date.now() + 60_000;
        this.log('info', `upload ${entry.filename}: extra connection failed (${err.message}); using the shared connection`);
        return run(this.conn);
      } finally {
        slot.busy--;
        slot.lastUsed = Date.now();
        this.armIdle();
      }
    });
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.byPath.set(key, settled);
    void settled.then(() => {
      if (this.byPath.get(key) === settled) this.byPath.delete(key);
    });
    return next;
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
      const result = await this.upload(entry);
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
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    for (const x of this.extra.splice(0)) void x.conn.close(2000).catch(() => undefined);
    this.removeAllListeners();
  }
}
