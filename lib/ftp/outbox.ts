/**
 * A persistent outbox: files waiting to be uploaded, kept in a local directory so they survive a
 * restart of Node-RED. Every upload passes through it (written before the first attempt), so a
 * crash at any moment leaves either the file on the server or the file in the outbox.
 *
 * Layout of the directory:
 *   <id>.data    the bytes to upload
 *   <id>.json    what to do with them (folder, name, attempts, next attempt, caller's metadata)
 *   failed/      entries that failed for good, with the reason in the .json, kept for a human
 * An id sorts in arrival order. A .json is written to a temporary name and renamed into place; a
 * .data from a buffer is written (and synced) under its own name before its .json exists.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { FtpError, errorText } from './errors';
import { checkFileName, checkFolder } from './names';

export interface OutboxEntry {
  id: string;
  folder: string;
  filename: string;
  overwrite: boolean;
  size: number;
  createdAt: string;
  attempts: number;
  /** ms since epoch. */
  nextAttemptAt: number;
  lastError?: string;
  /** Whatever the caller needs to finish the job after a restart (JSON). */
  meta?: unknown;
}

export interface OutboxOptions {
  /** Retry backoff after a failed attempt, ms: min * 2^(attempts-1), at most max. */
  retryMinMs?: number;
  retryMaxMs?: number;
  now?: () => number;
}

let seq = 0;

function newId(now: number): string {
  seq = (seq + 1) % 1000000;
  return `${String(now).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
}

async function writeSynced(file: string, data: Buffer | string): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeSynced(tmp, data);
  await rename(tmp, file);
}

export class Outbox {
  readonly dir: string;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, OutboxEntry>();
  private loaded = false;

  constructor(dir: string, options: OutboxOptions = {}) {
    this.dir = dir;
    this.retryMinMs = options.retryMinMs ?? 5000;
    this.retryMaxMs = options.retryMaxMs ?? 300000;
    this.now = options.now ?? Date.now;
  }

  private file(id: string, ext: 'json' | 'data'): string {
    return path.join(this.dir, `${id}.${ext}`);
  }

  /**
   * Read what is waiting. Leftovers of an interrupted write are cleaned; an entry whose files do
   * not belong together is moved to failed/ rather than dropped.
   */
  async load(): Promise<OutboxEntry[]> {
    await mkdir(this.dir, { recursive: true });
    const names = await readdir(this.dir);
    const ids = new Set<string>();
    for (const n of names) {
      if (n.endsWith('.tmp')) await rm(path.join(this.dir, n), { force: true });
      else if (n.endsWith('.json')) ids.add(n.slice(0, -5));
    }
    for (const id of ids) {
      try {
        const e = JSON.parse(await readFile(this.file(id, 'json'), 'utf8')) as OutboxEntry;
        await stat(this.file(id, 'data'));
        if (e.id !== id) throw new Error('id does not match the file name');
        this.entries.set(id, e);
      } catch (err) {
        await this.quarantine(id, `unreadable outbox entry: ${errorText(err)}`);
      }
    }
    // Data without its .json: the add() was interrupted before it returned, so nobody was told
    // the file was accepted. Keep it aside instead of guessing where it was meant to go.
    for (const n of names) {
      if (n.endsWith('.data') && !ids.has(n.slice(0, -5))) await this.quarantine(n.slice(0, -5), 'outbox entry without its description');
    }
    this.loaded = true;
    return this.list();
  }

  private async quarantine(id: string, reason: string): Promise<void> {
    const failed = path.join(this.dir, 'failed');
    await mkdir(failed, { recursive: true });
    for (const ext of ['json', 'data'] as const) {
      await rename(this.file(id, ext), path.join(failed, `${id}.${ext}`)).catch(() => undefined);
    }
    await writeFile(path.join(failed, `${id}.reason.txt`), `${new Date(this.now()).toISOString()} ${reason}\n`);
  }

  /** Accept a file: it is on disk (synced) when this resolves. */
  async add(
    req: { folder: string; filename: string; data: Buffer | { path: string }; overwrite?: boolean; meta?: unknown },
    /** Called with the new id just before the entry becomes visible in list(). */
    reserve?: (id: string) => void,
  ): Promise<OutboxEntry> {
    if (!this.loaded) await this.load();
    checkFileName(req.filename);
    checkFolder(req.folder);
    const now = this.now();
    const id = newId(now);
    const dataFile = this.file(id, 'data');
    try {
      if (Buffer.isBuffer(req.data)) {
        // straight under its name (no rename): until the .json is written beside it, the data
        // is no entry (a crash leaves data without a description, which load() sets aside)
        await writeSynced(dataFile, req.data);
      } else {
        await copyFile(req.data.path, `${dataFile}.tmp`);
        const fh = await open(`${dataFile}.tmp`, 'r+');
        await fh.sync().finally(() => fh.close());
        await rename(`${dataFile}.tmp`, dataFile);
      }
      const size = Buffer.isBuffer(req.data) ? req.data.length : (await stat(dataFile)).size;
      const entry: OutboxEntry = {
        id,
        folder: req.folder,
        filename: req.filename,
        overwrite: req.overwrite === true,
        size,
        createdAt: new Date(now).toISOString(),
        attempts: 0,
        nextAttemptAt: now,
        ...(req.meta === undefined ? {} : { meta: req.meta }),
      };
      await writeAtomic(this.file(id, 'json'), JSON.stringify(entry));
      reserve?.(id);
      this.entries.set(id, entry);
      return entry;
    } catch (err) {
      await rm(dataFile, { force: true });
      throw new FtpError(`${req.filename}: could not be written to the outbox ${this.dir}: ${errorText(err)}`, 'FTP_OUTBOX', { cause: err });
    }
  }

  dataPath(entry: OutboxEntry): string {
    return this.file(entry.id, 'data');
  }

  async readData(entry: OutboxEntry): Promise<Buffer> {
    return readFile(this.dataPath(entry));
  }

  /** Waiting entries, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): OutboxEntry | undefined {
    return this.entries.get(id);
  }

  /** The upload is confirmed: forget the entry. */
  async complete(id: string): Promise<void> {
    this.entries.delete(id);
    // unlink, not rm({ force }): rm walks the path as a tree (an lstat and more per file)
    const gone = (err: NodeJS.ErrnoException): void => {
      if (err.code !== 'ENOENT') throw err;
    };
    await unlink(this.file(id, 'json')).catch(gone);
    await unlink(this.file(id, 'data')).catch(gone);
  }

  /** A transient failure: count it and set the next attempt by backoff. */
  async defer(id: string, reason: string): Promise<OutboxEntry | undefined> {
    const e = this.entries.get(id);
    if (!e) return undefined;
    e.attempts++;
    e.lastError = reason;
    e.nextAttemptAt = this.now() + this.backoff(e.attempts);
    await writeAtomic(this.file(id, 'json'), JSON.stringify(e));
    return e;
  }

  backoff(attempts: number): number {
    return Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.min(Math.max(0, attempts - 1), 20));
  }

  /** A permanent failure: the entry moves to failed/ with its reason, for a human to look at. */
  async fail(id: string, reason: string): Promise<void> {
    const e = this.entries.get(id);
    this.entries.delete(id);
    if (e) {
      e.lastError = reason;
      await writeAtomic(this.file(id, 'json'), JSON.stringify(e)).catch(() => undefined);
    }
    await this.quarantine(id, reason);
  }

  /** The earliest next attempt among waiting entries, ms since epoch. */
  nextDue(): number | undefined {
    let t: number | undefined;
    for (const e of this.entries.values()) t = t === undefined ? e.nextAttemptAt : Math.min(t, e.nextAttemptAt);
    return t;
  }
}
