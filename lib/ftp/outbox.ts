/**
 * A persistent outbox: files waiting to be uploaded, kept in a local directory so they survive a
 * restart of Node-RED. Every upload passes through it (written before the first attempt), so a
 * crash at any moment leaves either the file on the server or the file in the outbox.
 *
 * Layout of the directory:
 *   <id>.entry   a small entry (a buffer up to ONE_FILE_MAX) in one file: its description as one
 *                line of JSON (with the data's size and CRC-32), a newline, then the bytes to upload
 *   <id>.data    the bytes to upload, for a larger entry (or one written by an earlier version)
 *   <id>.json    what to do with them (folder, name, attempts, next attempt, caller's metadata)
 *   failed/      entries that failed for good, as <id>.data and <id>.json (the reason in it and in
 *                <id>.reason.txt), kept for a human; an .entry that cannot be read is moved as it is
 * An id sorts in arrival order. An .entry is written and synced under its own name (one open, write,
 * sync, close; an unlink when delivered, instead of twice that for .data and .json): a write cut short
 * by a crash fails the size or CRC check on load and is set aside, as .data without .json is (nobody
 * was told such an entry was accepted). An .entry rewritten (a deferred retry) goes through a
 * temporary name and a rename. A .json is written to a temporary name and renamed into place; a .data
 * from a buffer is written (and synced) under its own name before its .json exists. Both layouts are
 * read on load, so what an earlier version left is delivered after an upgrade.
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
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

/** Buffers up to this size are kept as one .entry file. */
export const ONE_FILE_MAX = 256 * 1024;

let seq = 0;
/** Random per process (not per id: randomBytes per order cost more than the rest of the id). */
const PROCESS_TAG = randomBytes(4).toString('hex');

function newId(now: number): string {
  seq = (seq + 1) % 1000000;
  return `${String(now).padStart(15, '0')}-${String(seq).padStart(6, '0')}-${PROCESS_TAG}`;
}

/** An .entry's first line: the entry with the data's checksum. */
interface EntryHead extends OutboxEntry {
  crc: number;
}

function entryBytes(entry: OutboxEntry, data: Buffer): Buffer[] {
  const head: EntryHead = { ...entry, crc: crc32(data) };
  return [Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), data];
}

/** An .entry's description and data; throws when it is not whole (cut short, changed, not one). */
function parseEntry(id: string, bytes: Buffer): { entry: OutboxEntry; data: Buffer } {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new Error('no description line');
  const { crc, ...entry } = JSON.parse(bytes.toString('utf8', 0, nl)) as EntryHead;
  const data = bytes.subarray(nl + 1);
  if (entry.id !== id) throw new Error('id does not match the file name');
  if (data.length !== entry.size || crc32(data) !== crc) throw new Error('data cut short or changed');
  return { entry, data };
}

async function writeSyncedV(file: string, parts: Buffer[]): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writev(parts);
    await fh.sync();
  } finally {
    await fh.close();
  }
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
  /** Ids of the entries kept as one .entry file. */
  private readonly oneFile = new Set<string>();
  private loaded = false;

  constructor(dir: string, options: OutboxOptions = {}) {
    this.dir = dir;
    this.retryMinMs = options.retryMinMs ?? 5000;
    this.retryMaxMs = options.retryMaxMs ?? 300000;
    this.now = options.now ?? Date.now;
  }

  private file(id: string, ext: 'json' | 'data' | 'entry'): string {
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
      else if (n.endsWith('.entry')) await this.loadOne(n.slice(0, -6));
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

  /** One .entry file into the waiting entries, or aside into failed/ when it is not whole. */
  private async loadOne(id: string): Promise<void> {
    try {
      const { entry } = parseEntry(id, await readFile(this.file(id, 'entry')));
      this.entries.set(id, entry);
      this.oneFile.add(id);
    } catch (err) {
      await this.quarantine(id, `unreadable outbox entry: ${errorText(err)}`);
    }
  }

  private async quarantine(id: string, reason: string, current?: OutboxEntry): Promise<void> {
    const failed = path.join(this.dir, 'failed');
    await mkdir(failed, { recursive: true });
    const one = this.file(id, 'entry');
    const whole = await readFile(one).then(
      (b) => {
        try {
          return parseEntry(id, b);
        } catch {
          return null; // not whole: moved as it is
        }
      },
      () => undefined, // no .entry: the two-file layout
    );
    this.oneFile.delete(id);
    if (whole) {
      // for a human, as the two-file layout: the bytes in a file of their own
      await writeFile(path.join(failed, `${id}.data`), whole.data);
      await writeFile(path.join(failed, `${id}.json`), JSON.stringify(current ?? whole.entry));
      await unlink(one).catch(() => undefined);
    } else if (whole === null) {
      await rename(one, path.join(failed, `${id}.entry`)).catch(() => undefined);
    }
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
    if (Buffer.isBuffer(req.data) && req.data.length <= ONE_FILE_MAX) return this.addOne(id, now, req as typeof req & { data: Buffer }, reserve);
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
      const entry = newEntry(id, now, req, size);
      await writeAtomic(this.file(id, 'json'), JSON.stringify(entry));
      reserve?.(id);
      this.entries.set(id, entry);
      return entry;
    } catch (err) {
      await rm(dataFile, { force: true });
      throw new FtpError(`${req.filename}: could not be written to the outbox ${this.dir}: ${errorText(err)}`, 'FTP_OUTBOX', { cause: err });
    }
  }

  private async addOne(
    id: string,
    now: number,
    req: { folder: string; filename: string; data: Buffer; overwrite?: boolean; meta?: unknown },
    reserve?: (id: string) => void,
  ): Promise<OutboxEntry> {
    const file = this.file(id, 'entry');
    const entry = newEntry(id, now, req, req.data.length);
    try {
      await writeSyncedV(file, entryBytes(entry, req.data));
    } catch (err) {
      await rm(file, { force: true });
      throw new FtpError(`${req.filename}: could not be written to the outbox ${this.dir}: ${errorText(err)}`, 'FTP_OUTBOX', { cause: err });
    }
    reserve?.(id);
    this.oneFile.add(id);
    this.entries.set(id, entry);
    return entry;
  }

  /** Whether the entry's bytes are in a .data file of their own (else read them with readData). */
  hasDataFile(entry: OutboxEntry): boolean {
    return !this.oneFile.has(entry.id);
  }

  dataPath(entry: OutboxEntry): string {
    return this.file(entry.id, 'data');
  }

  async readData(entry: OutboxEntry): Promise<Buffer> {
    if (!this.oneFile.has(entry.id)) return readFile(this.dataPath(entry));
    try {
      return parseEntry(entry.id, await readFile(this.file(entry.id, 'entry'))).data;
    } catch (err) {
      throw new FtpError(`${entry.filename}: its outbox entry cannot be read: ${errorText(err)}`, 'FTP_OUTBOX', { cause: err });
    }
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
    if (this.oneFile.delete(id)) {
      await unlink(this.file(id, 'entry')).catch(gone);
      return;
    }
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
    if (this.oneFile.has(id)) await this.rewriteOne(e);
    else await writeAtomic(this.file(id, 'json'), JSON.stringify(e));
    return e;
  }

  /** An .entry with its description changed: through a temporary name, so a crash keeps the old one whole. */
  private async rewriteOne(e: OutboxEntry): Promise<void> {
    const file = this.file(e.id, 'entry');
    const { data } = parseEntry(e.id, await readFile(file));
    await writeSyncedV(`${file}.tmp`, entryBytes(e, data));
    await rename(`${file}.tmp`, file);
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
      if (!this.oneFile.has(id)) await writeAtomic(this.file(id, 'json'), JSON.stringify(e)).catch(() => undefined);
    }
    await this.quarantine(id, reason, e);
  }

  /** The earliest next attempt among waiting entries, ms since epoch. */
  nextDue(): number | undefined {
    let t: number | undefined;
    for (const e of this.entries.values()) t = t === undefined ? e.nextAttemptAt : Math.min(t, e.nextAttemptAt);
    return t;
  }
}

function newEntry(id: string, now: number, req: { folder: string; filename: string; overwrite?: boolean; meta?: unknown }, size: number): OutboxEntry {
  return {
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
}
