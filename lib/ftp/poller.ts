/**
 * The poller behind pyramid-ftp-in: list -> wait until stable -> claim (atomic rename into
 * processing/) -> fetch -> hand over -> archive (auto) or wait for an ack (manual, with a lease).
 *
 * One call of `cycle()` is one look at the server. Scheduling (interval, re-arming, triggering from
 * a msg) belongs to the caller, which gets a hint when to look again.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { detectTypeFromFileName } from '../messages';
import {
  MAX_CLAIMABLE_NAME,
  ackClaim,
  checkOwner,
  claimName,
  heldClaims,
  parseClaimName,
  rejectClaim,
  releaseHeldClaim,
  type ClaimFolders,
  type HeldClaim,
} from './claims';
import type { FtpConnection, FtpSession, LogFn, RemoteEntry } from './connection';
import { FtpError, errorText } from './errors';
import { globMatcher, joinPath } from './names';

export type StableMode = 'look' | 'marker';
export type AckMode = 'auto' | 'manual';

export interface PollerOptions extends ClaimFolders {
  /** The folder to poll (Pyramid's out-folder). */
  folder: string;
  /** Glob, e.g. `Artikeldata_*.xml;Lagersaldo_*.xml`. Default `*`. */
  pattern?: string;
  /** `look`: size and time unchanged across two looks `settleMs` apart; `marker`: a `<name><markerSuffix>` file exists. */
  stable?: StableMode;
  settleMs?: number;
  markerSuffix?: string;
  /** Most files claimed per cycle (new and recovered together). */
  maxPerCycle?: number;
  ack?: AckMode;
  /** How long a claim is held without an ack before the file is delivered again. */
  leaseMs?: number;
  /** Files of this size or more are downloaded to `spoolDir` and passed by path. */
  spoolThreshold?: number;
  spoolDir?: string;
  /** Identity of this poller in claim names (runtime instance + node): letters and digits. */
  owner: string;
  now?: () => number;
  log?: LogFn;
}

export interface PolledFile {
  /** The original file name. */
  filename: string;
  /** The claim name in processing/ (what an ack or reject refers to). */
  claim: string;
  /** Absolute folder the file was found in (or processing/ for a recovered claim). */
  folder: string;
  size: number;
  mtime?: Date;
  /** Message type from the file name, when it is one of Pyramid's. */
  type?: string;
  /** The content, unless the file was spooled. */
  payload?: Buffer;
  /** Local path of the spooled content, for big files. */
  filepath?: string;
  leaseUntil: number;
  /** True when the file was claimed before (lease ran out, or recovered after a restart). */
  redelivered: boolean;
}

export interface CycleResult {
  emitted: number;
  /** Files seen but not yet stable. */
  waiting: number;
  /** More files were ready than maxPerCycle allowed: look again right away. */
  more: boolean;
  /** When a waiting file or a lease needs another look sooner than the interval, ms from now. */
  nextInMs?: number;
  /** Problems that did not stop the cycle (a file moved to error/, an archive that will be retried). */
  problems: FtpError[];
}

export type EmitFn = (file: PolledFile) => void | Promise<void>;

interface Look {
  key: string;
  since: number;
  looks: number;
}

/** Spool files handed over in auto mode, removed once the lease time has passed (ms since epoch). */
const spoolExpiry = new Map<string, number>();

const DEFAULTS = {
  pattern: '*',
  stable: 'look' as StableMode,
  settleMs: 2000,
  markerSuffix: '.done',
  maxPerCycle: 50,
  ack: 'auto' as AckMode,
  leaseMs: 10 * 60 * 1000,
  spoolThreshold: 16 * 1024 * 1024,
};

export class FtpPoller {
  readonly options: Required<Omit<PollerOptions, 'spoolDir' | 'log' | 'now'>> & Pick<PollerOptions, 'spoolDir'>;
  private readonly conn: FtpConnection;
  private readonly matches: (name: string) => boolean;
  private readonly now: () => number;
  private readonly log: LogFn;
  private readonly looks = new Map<string, Look>();
  private readonly held: Map<string, HeldClaim>;
  private running: Promise<CycleResult> | undefined;
  private closed = false;

  constructor(conn: FtpConnection, options: PollerOptions) {
    this.conn = conn;
    this.options = {
      folder: options.folder,
      processing: options.processing,
      archive: options.archive,
      error: options.error,
      pattern: options.pattern || DEFAULTS.pattern,
      stable: options.stable ?? DEFAULTS.stable,
      settleMs: options.settleMs ?? DEFAULTS.settleMs,
      markerSuffix: options.markerSuffix || DEFAULTS.markerSuffix,
      maxPerCycle: Math.max(1, options.maxPerCycle ?? DEFAULTS.maxPerCycle),
      ack: options.ack ?? DEFAULTS.ack,
      leaseMs: Math.max(1000, options.leaseMs ?? DEFAULTS.leaseMs),
      spoolThreshold: options.spoolThreshold ?? DEFAULTS.spoolThreshold,
      owner: checkOwner(options.owner),
      spoolDir: options.spoolDir,
    };
    this.matches = globMatcher(this.options.pattern);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.held = heldClaims(this.options.owner);
  }

  /** Claims this poller's owner holds in this process. */
  get heldCount(): number {
    return this.held.size;
  }

  /** One look at the server. Calls never overlap: a call during a cycle gets that cycle's result. */
  cycle(emit: EmitFn): Promise<CycleResult> {
    if (this.closed) return Promise.resolve({ emitted: 0, waiting: 0, more: false, problems: [] });
    if (!this.running) {
      this.running = this.runCycle(emit).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  /** Stop taking new files. Claims already handed over stay held until ack or lease end. */
  close(): void {
    this.closed = true;
  }

  private isOurArtifact(name: string): boolean {
    if (name.endsWith('.claim') || name.endsWith('.reason.txt')) return true;
    if (name.startsWith('~') && name.endsWith('.part')) return true;
    return this.options.stable === 'marker' && name.endsWith(this.options.markerSuffix);
  }

  private async runCycle(emit: EmitFn): Promise<CycleResult> {
    const o = this.options;
    const result: CycleResult = { emitted: 0, waiting: 0, more: false, problems: [] };
    await this.retryArchives(result);
    await this.cleanSpool();
    let budget = o.maxPerCycle;

    // 1. Claims in processing/ that need delivering again.
    const entries = await this.conn.run('list processing', async (s) => {
      await s.ensureDir(o.processing);
      return s.list(o.processing);
    });
    const now = this.now();
    const recover: { info: NonNullable<ReturnType<typeof parseClaimName>>; entry: RemoteEntry }[] = [];
    for (const entry of entries) {
      if (entry.type !== 'file') continue;
      const info = parseClaimName(entry.name);
      if (!info || !this.matches(info.original)) continue;
      const mine = info.owner === o.owner;
      const h = this.held.get(entry.name);
      if (mine && h) {
        if (h.archivePending || now < h.leaseUntil) continue;
      } else if (!mine && now < info.leaseUntil) {
        continue;
      }
      recover.push({ info, entry });
    }
    recover.sort((a, b) => (a.info.original < b.info.original ? -1 : a.info.original > b.info.original ? 1 : 0));
    for (const r of recover) {
      if (budget <= 0) {
        result.more = true;
        break;
      }
      if (this.closed) return result;
      const file = await this.claimAndFetch(r.entry, o.processing, r.info.original, r.entry.name, true, result);
      if (file) {
        budget--;
        await this.handOver(file, emit, result);
      }
    }

    // 2. New files in the polled folder.
    if (this.closed) return result;
    const listed = await this.conn.run(`list ${o.folder}`, (s) => s.list(o.folder));
    const now2 = this.now();
    const names = new Set(listed.map((e) => e.name));
    const ready: RemoteEntry[] = [];
    const seen = new Set<string>();
    let soonest: number | undefined;
    for (const e of listed) {
      if (e.type !== 'file' || this.isOurArtifact(e.name) || !this.matches(e.name)) continue;
      if (e.name.length > MAX_CLAIMABLE_NAME) {
        if (!this.looks.has(e.name)) this.log('warn', `${e.name}: name longer than ${MAX_CLAIMABLE_NAME} characters, not taken`);
        this.looks.set(e.name, { key: '', since: now2, looks: 0 });
        seen.add(e.name);
        continue;
      }
      seen.add(e.name);
      if (o.stable === 'marker') {
        if (names.has(e.name + o.markerSuffix)) ready.push(e);
        else result.waiting++;
        continue;
      }
      const key = `${e.size}|${e.rawTime}|${e.mtime?.getTime() ?? ''}`;
      const prev = this.looks.get(e.name);
      if (!prev || prev.key !== key) {
        this.looks.set(e.name, { key, since: now2, looks: 1 });
        result.waiting++;
        soonest = Math.min(soonest ?? Infinity, o.settleMs);
        continue;
      }
      prev.looks++;
      const left = prev.since + o.settleMs - now2;
      if (left > 0) {
        result.waiting++;
        soonest = Math.min(soonest ?? Infinity, left);
        continue;
      }
      ready.push(e);
    }
    for (const name of [...this.looks.keys()]) if (!seen.has(name)) this.looks.delete(name);
    ready.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of ready) {
      if (budget <= 0) {
        result.more = true;
        break;
      }
      if (this.closed) return result;
      const file = await this.claimAndFetch(e, o.folder, e.name, e.name, false, result);
      this.looks.delete(e.name);
      if (file) {
        budget--;
        await this.handOver(file, emit, result);
      }
    }

    // 3. When to look again: a file settling, or a lease running out.
    for (const h of this.held.values()) {
      if (!h.archivePending) soonest = Math.min(soonest ?? Infinity, Math.max(0, h.leaseUntil - this.now()) + 50);
    }
    if (soonest !== undefined && Number.isFinite(soonest)) result.nextInMs = Math.max(0, soonest);
    return result;
  }

  /**
   * Claim by rename, then download. Losing the rename race is normal (another instance got the
   * file) and returns undefined. A file that cannot be read for a permanent reason goes to error/.
   */
  private async claimAndFetch(
    entry: RemoteEntry,
    fromFolder: string,
    original: string,
    fromName: string,
    redelivered: boolean,
    result: CycleResult,
  ): Promise<PolledFile | undefined> {
    const o = this.options;
    const leaseUntil = Math.ceil((this.now() + o.leaseMs) / 1000) * 1000;
    const claim = claimName(original, o.owner, leaseUntil);
    const spool = o.spoolDir !== undefined && entry.size >= o.spoolThreshold;
    const localPath = spool ? path.join(o.spoolDir as string, claim) : undefined;
    if (localPath) await mkdir(o.spoolDir as string, { recursive: true });
    let claimed = false;
    try {
      return await this.conn.run(`claim ${original}`, async (s: FtpSession) => {
        const src = joinPath(s.abs(fromFolder), fromName);
        const dst = joinPath(s.abs(o.processing), claim);
        try {
          await s.rename(src, dst);
        } catch (err) {
          if ((err as FtpError).transient) throw err;
          this.log('debug', `${original}: claimed by someone else (${errorText(err)})`);
          return undefined;
        }
        claimed = true;
        if (redelivered) {
          // The previous claim (ours from before, or someone's abandoned one) is gone now.
          const old = this.held.get(fromName);
          this.held.delete(fromName);
          if (old?.spoolPath) await rm(old.spoolPath, { force: true });
        }
        // Held from the moment of the rename: a failure below leaves a claim we know about.
        this.held.set(claim, { original, leaseUntil, ...(localPath ? { spoolPath: localPath } : {}) });
        if (o.stable === 'marker' && !redelivered) {
          await s.remove(joinPath(s.abs(fromFolder), original + o.markerSuffix)).catch((err: unknown) => {
            if ((err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
          });
        }
        let payload: Buffer | undefined;
        let size: number;
        if (localPath) {
          await s.downloadLocalFile(dst, localPath);
          size = (await stat(localPath)).size;
        } else {
          payload = await s.downloadBuffer(dst);
          size = payload.length;
        }
        const mtime = (await s.lastMod(dst)) ?? entry.mtime;
        const file: PolledFile = {
          filename: original,
          claim,
          folder: s.abs(fromFolder),
          size,
          leaseUntil,
          redelivered,
          ...(mtime ? { mtime } : {}),
          ...(payload ? { payload } : {}),
          ...(localPath ? { filepath: localPath } : {}),
        };
        const type = detectTypeFromFileName(original);
        if (type) file.type = type;
        return file;
      });
    } catch (err) {
      const e = err instanceof FtpError ? err : new FtpError(`${original}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
      if (!claimed || e.transient) {
        // Not claimed, or claimed and the connection failed: the claim is ours and not handed
        // over, so the next cycle delivers it (recovery of our own claims).
        if (claimed) this.held.delete(claim);
        if (localPath) await rm(localPath, { force: true });
        if (!claimed) throw e;
        result.problems.push(e);
        return undefined;
      }
      // Claimed but unreadable for good: park it in error/ with the reason, keep the cycle going.
      this.held.delete(claim);
      if (localPath) await rm(localPath, { force: true });
      const reason = `could not be read from the FTP server: ${e.message}`;
      try {
        await this.conn.run(`reject ${original}`, (s) => rejectClaim(s, o, claim, reason, new Date(this.now())));
      } catch (rejectErr) {
        this.log('warn', `${original}: ${reason}; moving it to error/ failed too: ${errorText(rejectErr)}`);
      }
      result.problems.push(new FtpError(`${original}: ${reason}`, e.code, { ftpCode: e.ftpCode, cause: err }));
      return undefined;
    }
  }

  private async handOver(file: PolledFile, emit: EmitFn, result: CycleResult): Promise<void> {
    try {
      await emit(file);
    } catch (err) {
      // The flow threw while taking the file: keep the claim; the lease brings it back.
      result.problems.push(new FtpError(`${file.filename}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err }));
      return;
    }
    result.emitted++;
    if (this.options.ack !== 'auto') return;
    const h = this.held.get(file.claim);
    if (h) {
      h.archivePending = true;
      // The flow may still read the spooled file; it is removed after the lease time instead.
      if (h.spoolPath) spoolExpiry.set(h.spoolPath, this.now() + this.options.leaseMs);
    }
    await this.archive(file.claim, result);
  }

  private async archive(claim: string, result: CycleResult): Promise<boolean> {
    try {
      await this.conn.run(`archive ${claim}`, (s) => ackClaim(s, this.options, claim));
      this.held.delete(claim);
      return true;
    } catch (err) {
      const e = err as FtpError;
      if (e.code === 'FTP_CLAIM_LOST') {
        this.held.delete(claim);
        return true;
      }
      result.problems.push(e);
      return false;
    }
  }

  /** Auto mode: files emitted whose move to archive/ failed (connection lost) are moved now. */
  private async retryArchives(result: CycleResult): Promise<void> {
    for (const [claim, h] of [...this.held]) {
      if (!h.archivePending) continue;
      if (!(await this.archive(claim, result))) return;
    }
  }

  /** Remove spool files whose lease (auto mode) has passed. */
  private async cleanSpool(): Promise<void> {
    const now = this.now();
    for (const [p, until] of [...spoolExpiry]) {
      if (until <= now) {
        spoolExpiry.delete(p);
        await rm(p, { force: true });
      }
    }
  }

  /**
   * Remove spool files left by an earlier run of this owner that nobody holds any more
   * (call once at start).
   */
  async sweepSpool(): Promise<number> {
    const dir = this.options.spoolDir;
    if (!dir) return 0;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const n of names) {
      const info = parseClaimName(n);
      const p = path.join(dir, n);
      if ((info && this.held.has(n)) || spoolExpiry.has(p)) continue;
      await rm(p, { force: true });
      removed++;
    }
    return removed;
  }
}

/** Forget a claim after an ack or reject (whoever in this process held it); removes its spool file. */
export async function forgetClaim(claim: string): Promise<void> {
  const h = releaseHeldClaim(claim);
  if (h?.spoolPath) {
    spoolExpiry.delete(h.spoolPath);
    await rm(h.spoolPath, { force: true });
  }
}
