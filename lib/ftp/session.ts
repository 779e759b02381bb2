/**
 * The operations available inside one queued task of an FtpConnection (list, size, rename,
 * transfer, folders). Paths are absolute, or relative to the login directory; names are
 * converted to the server's code page here and nowhere else.
 */
import { Readable, Writable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { FileType, type Client } from 'basic-ftp';
import { FtpError, classify, errorText } from './errors';
import { parseListTime } from './listing';
import { baseName, checkFolder, type NameCodec } from './names';
import { rename, renames, type WireCaps } from './wire';

export interface RemoteEntry {
  name: string;
  size: number;
  type: 'file' | 'dir' | 'link' | 'other';
  /** Parsed modification time when the listing gives one precisely enough (MLSD) or approximately (LIST). */
  mtime?: Date;
  /** The listing's time text: compared as-is when deciding whether a file is still changing. */
  rawTime: string;
}

/**
 * SIZE answered, but not with a number: ftp-srv, for one, answers an empty file with
 * "213 File status" (basic-ftp then throws without a reply code). The file is there; its size is
 * unknown.
 */
function unreadableSize(e: FtpError): boolean {
  return e.code === 'FTP_BUSY' && e.ftpCode === undefined && /numerical value/i.test(e.message);
}

/**
 * The operations available inside one queued task. Paths are absolute, or relative to the login
 * directory; names are converted to the server's code page here and nowhere else.
 */
export class FtpSession {
  private valid = true;

  constructor(
    private readonly client: Client,
    private readonly codec: NameCodec,
    /** The login directory, for relative folders. */
    readonly home: string,
    private readonly ensured: Set<string>,
    /** What this connection may do on the wire (RNFR and RNTO in one write). */
    private readonly caps: WireCaps = { pipelineRename: false },
  ) {}

  /** Absolute path of a folder setting (relative folders are relative to the login directory). */
  abs(folder: string): string {
    const f = checkFolder(folder);
    if (f.startsWith('/')) return f;
    const h = this.home === '' ? '/' : this.home;
    if (f === '') return h;
    return h.endsWith('/') ? h + f : `${h}/${f}`;
  }

  invalidate(): void {
    this.valid = false;
  }

  private async op<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (!this.valid) throw new FtpError(`${what}: the FTP session of a finished task was used`, 'FTP_CLOSED');
    try {
      return await fn();
    } catch (err) {
      // Server texts carry names in the wire encoding; show them in the real one.
      throw classify(err, what, this.client.closed, this.codec.fromWire(errorText(err)));
    }
  }

  private w(path: string): string {
    return this.codec.toWire(path);
  }

  async list(folder: string): Promise<RemoteEntry[]> {
    const dir = this.abs(folder);
    return this.op(`list ${dir}`, async () => {
      const now = new Date();
      const items = await this.client.list(this.w(dir));
      const out: RemoteEntry[] = [];
      // Files written together share their time text: each one parsed once per listing.
      const times = new Map<string, Date | undefined>();
      for (const it of items) {
        const name = baseName(this.codec.fromWire(it.name));
        if (name === '.' || name === '..' || name === '') continue;
        const type = it.type === FileType.File ? 'file' : it.type === FileType.Directory ? 'dir' : it.type === FileType.SymbolicLink ? 'link' : 'other';
        const rawTime = it.rawModifiedAt ?? '';
        let mtime = it.modifiedAt;
        if (!mtime) {
          if (!times.has(rawTime)) times.set(rawTime, parseListTime(rawTime, now));
          const t = times.get(rawTime);
          // a copy each: a Date is mutable and the entries go their own ways
          mtime = t && new Date(t.getTime());
        }
        out.push({ name, size: it.size, type, rawTime, ...(mtime ? { mtime } : {}) });
      }
      return out;
    });
  }

  /** Whether a file exists: SIZE where the server has it, else a listing of the folder. */
  async exists(path: string): Promise<boolean> {
    try {
      await this.op(`size ${path}`, () => this.client.size(this.w(path)));
      return true;
    } catch (err) {
      const e = err as FtpError;
      if (e.code === 'FTP_NOT_FOUND') return false;
      if (e.ftpCode === 500 || e.ftpCode === 502 || e.ftpCode === 504 || unreadableSize(e)) {
        const i = path.lastIndexOf('/');
        const folder = i <= 0 ? (i === 0 ? '/' : '') : path.slice(0, i);
        const entries = await this.list(folder === '' ? this.home : folder);
        return entries.some((x) => x.name === baseName(path));
      }
      throw err;
    }
  }

  /** Size of a file, or undefined when the server has no SIZE command (or no answer we can read). */
  async size(path: string): Promise<number | undefined> {
    try {
      return await this.op(`size ${path}`, () => this.client.size(this.w(path)));
    } catch (err) {
      const e = err as FtpError;
      if (e.ftpCode === 500 || e.ftpCode === 502 || e.ftpCode === 504 || unreadableSize(e)) return undefined;
      throw err;
    }
  }

  /** Modification time via MDTM, or undefined when the server cannot tell. */
  async lastMod(path: string): Promise<Date | undefined> {
    try {
      const d = await this.op(`mdtm ${path}`, () => this.client.lastMod(this.w(path)));
      return Number.isNaN(d.getTime()) ? undefined : d;
    } catch (err) {
      if ((err as FtpError).transient && (err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
      return undefined;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await this.op(`rename ${from} to ${to}`, () => rename(this.client, this.caps, this.w(from), this.w(to)));
  }

  /**
   * Several renames in one write where the server allows (see wire.ts): one outcome per pair,
   * undefined when done, else the error the single rename would have thrown.
   */
  async renames(pairs: readonly (readonly [string, string])[]): Promise<(FtpError | undefined)[]> {
    const outcomes = await this.op(`rename ${pairs.length} files`, () => renames(this.client, this.caps, pairs.map(([a, b]) => [this.w(a), this.w(b)] as const)));
    return outcomes.map((e, i) => e && classify(e, `rename ${pairs[i][0]} to ${pairs[i][1]}`, this.client.closed, this.codec.fromWire(errorText(e))));
  }

  async remove(path: string): Promise<void> {
    await this.op(`delete ${path}`, () => this.client.remove(this.w(path)));
  }

  /** MKD of one folder, no parents: fails (not transient) when it exists, so it can serve as a lock. */
  async makeDir(path: string): Promise<void> {
    await this.op(`create folder ${path}`, () => this.client.send(`MKD ${this.w(path)}`));
  }

  /** RMD of one empty folder. */
  async removeDir(path: string): Promise<void> {
    await this.op(`remove folder ${path}`, () => this.client.send(`RMD ${this.w(path)}`));
  }

  async uploadBuffer(data: Buffer, path: string): Promise<void> {
    await this.op(`upload ${path}`, () => this.client.uploadFrom(Readable.from([data]), this.w(path)));
  }

  async uploadLocalFile(localPath: string, path: string): Promise<void> {
    await this.op(`upload ${path}`, () => this.client.uploadFrom(localPath, this.w(path)));
  }

  async downloadBuffer(path: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await this.op(`download ${path}`, () => this.client.downloadTo(sink, this.w(path)));
    return Buffer.concat(chunks);
  }

  async downloadLocalFile(path: string, localPath: string): Promise<void> {
    await this.op(`download ${path}`, () => this.client.downloadTo(localPath, this.w(path)));
  }

  /** Whether a folder exists (by changing into it: some servers list a missing folder as empty). */
  async isDir(folder: string): Promise<boolean> {
    const dir = this.abs(folder);
    try {
      await this.op(`open folder ${dir}`, () => this.client.cd(this.w(dir)));
    } catch (err) {
      const e = err as FtpError;
      if (!e.transient) return false;
      throw err;
    }
    await this.op('return to the login folder', () => this.client.cd(this.w(this.home === '' ? '/' : this.home)));
    return true;
  }

  /** Create a folder (and its parents) unless this connection already made sure of it. */
  async ensureDir(folder: string): Promise<void> {
    const dir = this.abs(folder);
    if (this.ensured.has(dir)) return;
    await this.op(`create folder ${dir}`, async () => {
      await this.client.ensureDir(this.w(dir));
      await this.client.cd(this.w(this.home === '' ? '/' : this.home));
    });
    this.ensured.add(dir);
  }

  /** TLS details of the control connection, when it is encrypted. */
  tls(): { protocol: string | null; fingerprint256: string; subject: string; validTo: string } | undefined {
    const s = this.client.ftp.socket as TLSSocket;
    if (typeof s.getPeerCertificate !== 'function') return undefined;
    const c = s.getPeerCertificate();
    return {
      protocol: s.getProtocol(),
      fingerprint256: c.fingerprint256,
      subject: c.subject ? Object.entries(c.subject).map(([k, v]) => `${k}=${v}`).join(', ') : '',
      validTo: c.valid_to,
    };
  }
}
