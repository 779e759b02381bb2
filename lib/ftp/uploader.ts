/**
 * The uploader: every upload is written to the persistent outbox first, then put on the server
 * (upload.ts) over the shared connection or a few extra ones; what the server cannot take now is
 * retried with backoff, and a retry's outcome is announced as an event.
 */
import { EventEmitter } from 'node:events';
import { FtpConnection, type LogFn } from './connection';
import { FtpError, errorText } from './errors';
import type { Outbox, OutboxEntry } from './outbox';
import { TakenNames } from './taken';
import { uploadFile, type KnownNames, type UploadResult, type UploadTarget } from './upload';

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

/** Files up to this size (orders, not price lists) are uploaded from memory (no SIZE after the transfer). */
const SMALL_FILE = 256 * 1024;

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
  /** Per folder uploaded to: the names there and in its taken folders, from a shared listing (taken.ts). */
  private readonly known = new Map<string, KnownNames>();
  private readonly knownFor = (dir: string): KnownNames => {
    let k = this.known.get(dir);
    if (!k) {
      k = { names: new TakenNames(dir, this.takenFolders), busy: () => this.inFlight.size };
      this.known.set(dir, k);
    }
    return k;
  };

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
  private upload(entry: OutboxEntry, bytes?: Buffer): Promise<UploadResult> {
    const dataPath = this.outbox.dataPath(entry);
    // A small file goes from memory: the bytes just written to the outbox, or read back from it in
    // one go (when all of them are there: a file cut short is streamed, and its SIZE tells).
    const data = async (): Promise<Buffer | { path: string; size: number }> => {
      if (entry.size > SMALL_FILE) return { path: dataPath, size: entry.size };
      if (bytes?.length === entry.size) return bytes;
      // one .entry file: its bytes are checked against the size and CRC it was written with
      if (!this.outbox.hasDataFile(entry)) return this.outbox.readData(entry);
      const read = await this.outbox.readData(entry).catch(() => undefined);
      return read?.length === entry.size ? read : { path: dataPath, size: entry.size };
    };
    const run = async (conn: FtpConnection): Promise<UploadResult> => {
      const d = await data();
      return conn.run(`upload ${entry.filename}`, (s) => uploadFile(s, entry, d, this.owner, { takenFolders: this.takenFolders, lock: this.lock, known: this.knownFor }));
    };
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
    return this.attempt(entry, Buffer.isBuffer(req.data) ? req.data : undefined);
  }

  private async attempt(entry: OutboxEntry, bytes?: Buffer): Promise<SendOutcome> {
    this.inFlight.add(entry.id);
    try {
      const result = await this.upload(entry, bytes);
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
    this.conn.tryNow();
    for (const x of this.extra) x.conn.tryNow();
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
