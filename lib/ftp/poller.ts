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
  ackClaim,
  checkOwner,
  claimName,
  claimRenamed,
  currentClaimName,
  heldClaims,
  parseClaimName,
  rejectClaim,
  releaseHeldClaim,
  type ClaimFolders,
  type ClaimInfo,
  type HeldClaim,
} from './claims';
import type { FtpConnection, FtpSession, LogFn, RemoteEntry } from './connection';
import { FtpError, errorText } from './errors';
import { fileTimestamp, globMatcher, joinPath, listedNameProblem, quarantineName } from './names';

export type StableMode = 'look' | 'marker';
export type AckMode = 'auto' | 'manual';

export interface PollerOptions extends ClaimFolders {
  /** The folder to poll (Pyramid's out-folder). */
  folder: string;
  /** Glob, e.g. `Artikeldata_*.xml;Lagersaldo_*.xml`. Default `*`. */
  pattern?: string;
  /**
   * `look`: size and time unchanged across two listings at least `settleMs` apart; `marker`: a
   * `<name><markerSuffix>` file exists.
   */
  stable?: StableMode;
  /** Default DEFAULT_SETTLE_MS: longer than the pauses of a writer that writes the final name in pieces. */
  settleMs?: number;
  markerSuffix?: string;
  /** Most files claimed per cycle (new and recovered together). */
  maxPerCycle?: number;
  ack?: AckMode;
  /**
   * How long a claim is held without an ack before the file is delivered again. While this process
   * lives, the lease of a claim not yet acknowledged is renewed (see renewLeases) for up to
   * `maxHoldMs`; a process that died renews nothing, so its claims come back after the lease.
   */
  leaseMs?: number;
  /** How long a claim's lease is renewed at most (default 24 h): a msg lost by the flow still comes back. */
  maxHoldMs?: number;
  /** Files of this size or more are downloaded to `spoolDir` and passed by path. */
  spoolThreshold?: number;
  spoolDir?: string;
  /** Identity of this poller in claim names (runtime instance + node): letters and digits. */
  owner: string;
  /**
   * A file is delivered at most this often (default 5). A claim whose lease ran out without an ack
   * (its holder died, or never finished) is delivered again with its delivery number one higher;
   * when that number would exceed this, the file goes to error/ with a reason instead (poison).
   */
  maxDeliveries?: number;
  /**
   * A second connection to the same server: checking, handing over and archiving a downloaded file
   * run on it while the main connection claims and downloads the next one. Without it everything
   * runs on `conn`. When the server refuses the second login, the poller falls back to `conn`.
   */
  transferConn?: FtpConnection;
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
  /** Delivery number: 1 the first time the file is handed over, one more each time its lease ran out. */
  deliveries: number;
}

/** A file taken out of circulation because it was delivered maxDeliveries times without completing. */
export interface QuarantinedFile {
  filename: string;
  /** How often it was delivered. */
  deliveries: number;
  /** The holder of its last claim and when that lease ended. */
  lastOwner: string;
  leaseUntil: number;
  movedTo: string;
  reasonFile: string;
  /** The reason, as written to the reason file. */
  reason: string;
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
  /** Files quarantined this cycle after too many deliveries (not repeated in problems). */
  quarantined: QuarantinedFile[];
}

export type EmitFn = (file: PolledFile) => void | Promise<void>;

/** A file claimed and downloaded, waiting to be checked and handed over. */
interface Fetched {
  entry: RemoteEntry;
  /** Absolute folder it was found in. */
  fromFolder: string;
  original: string;
  claim: string;
  /** Absolute path of the claim. */
  dst: string;
  localPath?: string;
  payload?: Buffer;
  size: number;
  leaseUntil: number;
  redelivered: boolean;
  deliveries: number;
}

interface Look {
  key: string;
  since: number;
  looks: number;
}

/** Spool files handed over in auto mode, removed once the lease time has passed (ms since epoch). */
const spoolExpiry = new Map<string, number>();

/**
 * A file written under its final name is taken only after its size and time held still this long
 * across two listings. 10 s: twice the 5 s pause of a writer that writes in pieces, so such a
 * writer is not cut even when its pauses stretch on a loaded machine.
 */
export const DEFAULT_SETTLE_MS = 10000;

const DEFAULTS = {
  pattern: '*',
  stable: 'look' as StableMode,
  settleMs: DEFAULT_SETTLE_MS,
  markerSuffix: '.done',
  maxPerCycle: 50,
  ack: 'auto' as AckMode,
  leaseMs: 10 * 60 * 1000,
  maxHoldMs: 24 * 3600 * 1000,
  spoolThreshold: 16 * 1024 * 1024,
  maxDeliveries: 5,
};

export class FtpPoller {
  readonly options: Required<Omit<PollerOptions, 'spoolDir' | 'log' | 'now' | 'transferConn'>> & Pick<PollerOptions, 'spoolDir'>;
  private readonly conn: FtpConnection;
  /** Where a downloaded file is checked, handed over and archived (see PollerOptions.transferConn). */
  private transferConn: FtpConnection | undefined;
  private readonly matches: (name: string) => boolean;
  private readonly now: () => number;
  private readonly log: LogFn;
  private readonly looks = new Map<string, Look>();
  /** Names that cannot be taken or moved, warned about once, left alone while they stay listed. */
  private readonly skipped = new Set<string>();
  private renewing: Promise<number> | undefined;
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
      maxHoldMs: Math.max(0, options.maxHoldMs ?? DEFAULTS.maxHoldMs),
      spoolThreshold: options.spoolThreshold ?? DEFAULTS.spoolThreshold,
      owner: checkOwner(options.owner),
      maxDeliveries: Math.max(1, Math.floor(options.maxDeliveries ?? DEFAULTS.maxDeliveries)),
      spoolDir: options.spoolDir,
    };
    this.transferConn = options.transferConn;
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
    if (this.closed) return Promise.resolve({ emitted: 0, waiting: 0, more: false, problems: [], quarantined: [] });
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

  /**
   * Renew the lease of every claim this poller's owner holds that is past half its lease and not
   * acknowledged yet: the claim is renamed in processing/ to the same name with a later lease end
   * (the rename is what other instances read; an ack or reject with the name the msg carries
   * finds the new one). Called at the start of every cycle and by the node's timer, so a file a
   * slow flow is still working through is never delivered again while this process lives.
   * Returns the number of claims renewed. Calls never overlap.
   */
  renewLeases(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    if (!this.renewing) {
      this.renewing = this.renewDue().finally(() => {
        this.renewing = undefined;
      });
    }
    return this.renewing;
  }

  /** ms until the next claim is due for renewal, or undefined when none is held. */
  nextRenewalInMs(): number | undefined {
    const o = this.options;
    const now = this.now();
    let next: number | undefined;
    for (const h of this.held.values()) {
      if (h.released || h.undelivered || (h.claimedAt !== undefined && now - h.claimedAt >= o.maxHoldMs)) continue;
      const due = h.leaseUntil - o.leaseMs / 2 - now;
      next = Math.min(next ?? Infinity, Math.max(0, due));
    }
    return next;
  }

  private async renewDue(): Promise<number> {
    const o = this.options;
    let renewed = 0;
    for (const [claim, h] of [...this.held]) {
      if (this.closed) break;
      const now = this.now();
      if (h.released || h.undelivered || h.archiving || h.leaseUntil - now > o.leaseMs / 2) continue;
      if (h.claimedAt !== undefined && now - h.claimedAt >= o.maxHoldMs) continue;
      const leaseUntil = Math.ceil((now + o.leaseMs) / 1000) * 1000;
      const next = claimName(h.original, o.owner, leaseUntil, h.deliveries ?? 1);
      if (next === claim) continue;
      try {
        await this.conn.run(`renew ${claim}`, async (s) => {
          // Acknowledged (or renewed) while this task waited in the queue, or being checked and
          // archived on the transfer connection right now: nothing to do (the timer comes back).
          if (this.held.get(claim) !== h || h.archiving) return;
          await s.rename(joinPath(s.abs(o.processing), claim), joinPath(s.abs(o.processing), next));
          h.leaseUntil = leaseUntil;
          claimRenamed(claim, next);
          if (!this.held.has(next)) this.held.set(next, h);
          this.held.delete(claim);
          renewed++;
        });
      } catch (err) {
        const e = err as FtpError;
        if (e.transient) {
          this.log('debug', `renewing the lease of ${claim} failed for now: ${errorText(err)}`);
          break;
        }
        // Gone from processing/: acknowledged through another connection, or taken by another
        // instance after the lease ran out. Either way no longer ours to renew.
        this.log('warn', `${h.original}: its claim ${claim} could not be renewed and is no longer held (${errorText(err)})`);
        if (this.held.get(claim) === h) releaseHeldClaim(claim);
      }
    }
    return renewed;
  }

  private isOurArtifact(name: string): boolean {
    if (name.endsWith('.claim') || name.endsWith('.reason.txt')) return true;
    if (name.startsWith('~') && name.endsWith('.part')) return true;
    return this.options.stable === 'marker' && name.endsWith(this.options.markerSuffix);
  }

  private async runCycle(emit: EmitFn): Promise<CycleResult> {
    const o = this.options;
    const result: CycleResult = { emitted: 0, waiting: 0, more: false, problems: [], quarantined: [] };
    await this.renewLeases();
    await this.retryArchives(result);
    await this.cleanSpool();
    let budget = o.maxPerCycle;

    // 1. Claims in processing/ that need delivering again.
    const entries = await this.conn.run('list processing', async (s) => {
      await s.ensureDir(o.processing);
      return s.list(o.processing);
    });
    const now = this.now();
    const recover: { info: NonNullable<ReturnType<typeof parseClaimName>>; entry: RemoteEntry; deliveries: number }[] = [];
    const seenClaims = new Set<string>();
    for (const entry of entries) {
      if (entry.type !== 'file') continue;
      const info = parseClaimName(entry.name);
      if (!info || !this.matches(info.original)) continue;
      const bad = listedNameProblem(entry.name) ?? listedNameProblem(info.original);
      if (bad) {
        // Not one of ours (we never claim such a name): leave it, say so once.
        seenClaims.add(`processing/${entry.name}`);
        this.skipOnce(`processing/${entry.name}`, `${JSON.stringify(entry.name)} in processing/ is not taken: ${bad.reason}`);
        continue;
      }
      const mine = info.owner === o.owner;
      const h = this.held.get(entry.name);
      if (mine && h) {
        if (h.archivePending || h.archiving || now < h.leaseUntil) continue;
      } else if (!mine && now < info.leaseUntil) {
        continue;
      }
      // A file claimed but never handed over keeps its number, and so does one the flow released
      // (it gave the file back for now, e.g. the shop is down: not a failure of the file); any
      // other claim coming back was delivered and not completed: this is its next delivery.
      const deliveries = mine && (h?.undelivered || h?.released) ? info.deliveries : info.deliveries + 1;
      recover.push({ info, entry, deliveries });
    }
    recover.sort((a, b) => (a.info.original < b.info.original ? -1 : a.info.original > b.info.original ? 1 : 0));
    for (const r of recover) {
      if (this.closed) return result;
      if (r.deliveries > o.maxDeliveries) {
        // Poison: quarantined outside the budget, so it never holds up the files behind it.
        await this.quarantineClaim(r.entry.name, r.info, result);
        continue;
      }
      if (budget <= 0) {
        result.more = true;
        break;
      }
      const fetched = await this.claimAndFetch(r.entry, o.processing, r.info.original, r.entry.name, true, r.deliveries, result);
      if (fetched) {
        budget--;
        await this.finish(fetched, emit, result);
      }
    }

    // 2. New files in the polled folder.
    if (this.closed) return result;
    const listed = await this.conn.run(`list ${o.folder}`, (s) => s.list(o.folder));
    const now2 = this.now();
    const names = new Set(listed.map((e) => e.name));
    const ready: RemoteEntry[] = [];
    const seen = new Set<string>(seenClaims);
    let soonest: number | undefined;
    for (const e of listed) {
      if (e.type !== 'file' || this.isOurArtifact(e.name) || !this.matches(e.name)) continue;
      seen.add(e.name);
      // A name we already gave up on (the server would not even move it): once is enough.
      if (this.skipped.has(e.name)) continue;
      const bad = listedNameProblem(e.name);
      if (bad && !bad.movable) {
        this.skipOnce(e.name, `${JSON.stringify(e.name)} is not taken and stays where it is: ${bad.reason}`);
        continue;
      }
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
    for (const name of [...this.skipped]) if (!seen.has(name)) this.skipped.delete(name);
    ready.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The main connection claims and downloads; each downloaded file is checked, handed over and
    // archived (one after the other, in name order) on the transfer connection meanwhile. At most
    // two files are downloaded ahead of the one being handed over.
    const finishing: Promise<void>[] = [];
    let chain: Promise<void> = Promise.resolve();
    try {
      for (const e of ready) {
        if (this.closed) break;
        const bad = listedNameProblem(e.name);
        if (bad) {
          // Quarantined at once and outside the budget: it never holds up the files behind it.
          await this.quarantine(e, bad.reason, result);
          this.looks.delete(e.name);
          continue;
        }
        if (budget <= 0) {
          result.more = true;
          continue;
        }
        while (finishing.length >= 2) await finishing.shift();
        const fetched = await this.claimAndFetch(e, o.folder, e.name, e.name, false, 1, result);
        this.looks.delete(e.name);
        if (fetched) {
          budget--;
          chain = chain.then(() => this.finish(fetched, emit, result));
          finishing.push(chain);
        }
      }
    } finally {
      await chain;
    }
    if (this.closed) return result;

    // 3. When to look again: a file settling, or a lease running out (or due for renewal).
    for (const h of this.held.values()) {
      if (!h.archivePending) soonest = Math.min(soonest ?? Infinity, Math.max(0, h.leaseUntil - this.now()) + 50);
    }
    const renewIn = this.nextRenewalInMs();
    if (renewIn !== undefined) soonest = Math.min(soonest ?? Infinity, renewIn);
    if (soonest !== undefined && Number.isFinite(soonest)) result.nextInMs = Math.max(0, soonest);
    return result;
  }

  private skipOnce(key: string, text: string): void {
    if (this.skipped.has(key)) return;
    this.skipped.add(key);
    this.log('warn', text);
  }

  /**
   * Move a file whose name cannot be handled into error/ under a safe name, with a reason file
   * naming the original. Where the server refuses even that, the file is left alone with one
   * warning. Either way the cycle goes on with the next file.
   */
  private async quarantine(e: RemoteEntry, why: string, result: CycleResult): Promise<void> {
    const o = this.options;
    const when = new Date(this.now());
    const safe = quarantineName(e.name);
    let outcome: { movedTo: string } | { refused: string };
    try {
      outcome = await this.conn.run(`quarantine ${safe}`, async (s) => {
        const dir = s.abs(o.error);
        await s.ensureDir(dir);
        let target = safe;
        if (await s.exists(joinPath(dir, target))) target = quarantineName(e.name, fileTimestamp(when));
        const reasonFile = joinPath(dir, `${target}.reason.txt`);
        const text =
          `file: ${JSON.stringify(e.name)}\r\nfolder: ${s.abs(o.folder)}\r\nquarantined: ${when.toISOString()}\r\n` +
          `moved to: ${target}\r\nreason: ${why.replace(/\r?\n/g, '\r\n  ')}\r\n`;
        await s.uploadBuffer(Buffer.from(text, 'utf8'), reasonFile);
        // The name is sent as listed, unchecked: checkFileName would refuse it, which is the point.
        const src = `${s.abs(o.folder).replace(/\/$/, '')}/${e.name}`;
        try {
          await s.rename(src, joinPath(dir, target));
        } catch (err) {
          const fe = err as FtpError;
          if (fe.code === 'FTP_CONNECTION_LOST' || fe.code === 'FTP_CLOSED') throw err;
          await s.remove(reasonFile).catch((rmErr: unknown) => {
            if ((rmErr as FtpError).code === 'FTP_CONNECTION_LOST') throw rmErr;
          });
          return { refused: errorText(err) };
        }
        return { movedTo: joinPath(dir, target) };
      });
    } catch (err) {
      const fe = err instanceof FtpError ? err : undefined;
      if (fe && (fe.code === 'FTP_CONNECTION_LOST' || fe.code === 'FTP_CLOSED')) throw err;
      outcome = { refused: errorText(err) };
    }
    if ('refused' in outcome) {
      this.skipOnce(e.name, `${JSON.stringify(e.name)} is not taken: ${why}; moving it to error/ failed too (${outcome.refused}), so it stays where it is`);
      return;
    }
    result.problems.push(new FtpError(`${JSON.stringify(e.name)}: ${why}; moved to ${outcome.movedTo} with its reason`, 'FTP_BAD_NAME'));
  }

  /**
   * Stage one, on the main connection: claim by rename, then download. Losing the rename race is
   * normal (another instance got the file) and returns undefined. A file that cannot be read for
   * a permanent reason goes to error/. What is downloaded is checked and handed over by `finish`.
   */
  private async claimAndFetch(
    entry: RemoteEntry,
    fromFolder: string,
    original: string,
    fromName: string,
    redelivered: boolean,
    deliveries: number,
    result: CycleResult,
  ): Promise<Fetched | undefined> {
    const o = this.options;
    const claimedAt = this.now();
    const leaseUntil = Math.ceil((claimedAt + o.leaseMs) / 1000) * 1000;
    const claim = claimName(original, o.owner, leaseUntil, deliveries);
    const spool = o.spoolDir !== undefined && entry.size >= o.spoolThreshold;
    const localPath = spool ? path.join(o.spoolDir as string, claim) : undefined;
    if (localPath) await mkdir(o.spoolDir as string, { recursive: true });
    let claimed = false;
    try {
      return await this.conn.run(`claim ${original}`, async (s: FtpSession): Promise<Fetched | undefined> => {
        const src = joinPath(s.abs(fromFolder), fromName);
        const dst = joinPath(s.abs(o.processing), claim);
        try {
          await s.rename(src, dst);
        } catch (err) {
          const code = (err as FtpError).code;
          if (code === 'FTP_CONNECTION_LOST' || code === 'FTP_CLOSED') throw err;
          // Taken by someone else, or refused for now (a Windows server refuses to rename a file
          // that is still open): either way not ours this time, and no reason to stop the cycle.
          this.log('debug', `${original}: not claimed (${errorText(err)})`);
          return undefined;
        }
        claimed = true;
        if (redelivered) {
          // The previous claim (ours from before, or someone's abandoned one) is gone now.
          const old = this.held.get(fromName);
          this.held.delete(fromName);
          if (old?.spoolPath) await rm(old.spoolPath, { force: true });
        }
        // Held from the moment of the rename: a failure below leaves a claim we know about. Busy
        // (`archiving`) until it is handed over, so a lease renewal never renames it meanwhile.
        this.held.set(claim, { original, leaseUntil, claimedAt, deliveries, archiving: true, ...(localPath ? { spoolPath: localPath } : {}) });
        let payload: Buffer | undefined;
        let size: number;
        if (localPath) {
          await s.downloadLocalFile(dst, localPath);
          size = (await stat(localPath)).size;
        } else {
          payload = await s.downloadBuffer(dst);
          size = payload.length;
        }
        return { entry, fromFolder: s.abs(fromFolder), original, claim, dst, localPath, payload, size, leaseUntil, redelivered, deliveries };
      });
    } catch (err) {
      const e = err instanceof FtpError ? err : new FtpError(`${original}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
      if (!claimed || e.transient) {
        if (localPath) await rm(localPath, { force: true });
        if (!claimed) throw e;
        // Claimed and the connection failed: ours and not handed over, so the next cycle takes
        // it again from processing/ under the same delivery number.
        this.notHandedOver(claim);
        result.problems.push(e);
        return undefined;
      }
      await this.parkInError(claim, original, localPath, `could not be read from the FTP server: ${e.message}`, result, e);
      return undefined;
    }
  }

  /** A claim of ours that was never handed over: taken again at the next cycle, same number. */
  private notHandedOver(claim: string): void {
    const h = this.held.get(claim);
    if (!h) return;
    h.undelivered = true;
    h.archiving = false;
    h.leaseUntil = 0;
  }

  /** Run on the transfer connection (falling back to the main one when the server refuses a second login). */
  private async onTransfer<T>(label: string, fn: (s: FtpSession) => Promise<T>): Promise<T> {
    const t = this.transferConn;
    if (!t || t.closed) return this.conn.run(label, fn);
    try {
      return await t.run(label, fn);
    } catch (err) {
      const code = (err as FtpError).code;
      // Only a refused login falls back (the task never ran); the main connection must be up,
      // else the server is simply down and the cycle's usual retry applies.
      if ((code === 'FTP_CONNECT' || code === 'FTP_TLS') && this.conn.state === 'connected' && !this.closed) {
        this.transferConn = undefined;
        this.log('warn', `a second connection to the server was refused (${errorText(err)}): files are taken over one connection`);
        return this.conn.run(label, fn);
      }
      throw err;
    }
  }

  /**
   * Stage two, on the transfer connection: a file that changed size after the claim (still being
   * written) is put back where it was found, an empty file goes to error/, any other is handed
   * over, then archived (auto). Never rejects: problems go to the cycle's result.
   */
  private async finish(f: Fetched, emit: EmitFn, result: CycleResult): Promise<void> {
    const o = this.options;
    type Checked = { ok: PolledFile } | { changed: string } | { empty: true };
    let checked: Checked;
    // The usual case needs nothing from the server: the file as read is the file as listed, not
    // empty, no marker to remove. Its time is the listing's (no MDTM per file).
    const ready = (): PolledFile => {
      const file: PolledFile = {
        filename: f.original,
        claim: f.claim,
        folder: f.fromFolder,
        size: f.size,
        leaseUntil: f.leaseUntil,
        redelivered: f.redelivered,
        deliveries: f.deliveries,
        ...(f.entry.mtime ? { mtime: f.entry.mtime } : {}),
        ...(f.payload ? { payload: f.payload } : {}),
        ...(f.localPath ? { filepath: f.localPath } : {}),
      };
      const type = detectTypeFromFileName(f.original);
      if (type) file.type = type;
      return file;
    };
    if (f.size === f.entry.size && f.size > 0 && (o.stable !== 'marker' || f.redelivered)) {
      await this.handOver(ready(), emit, result);
      return;
    }
    try {
      checked = await this.onTransfer(`check ${f.original}`, async (s: FtpSession): Promise<Checked> => {
        // Still being written? The size read must be the size listed (which held still across two
        // listings settleMs apart). No SIZE after the read: it would only cover the one round trip
        // after the transfer, at the price of a command per file.
        if (f.size !== f.entry.size) {
          const text = `listed with ${f.entry.size} bytes, read ${f.size}`;
          try {
            await s.rename(f.dst, joinPath(s.abs(o.folder), f.original));
          } catch (err) {
            const code = (err as FtpError).code;
            if (code === 'FTP_CONNECTION_LOST' || code === 'FTP_CLOSED') throw err;
            // Not put back (a new file of that name is there): ours without a lease holder now,
            // so the next cycle takes it again from processing/ once it holds still.
            this.notHandedOver(f.claim);
            if (f.localPath) await rm(f.localPath, { force: true });
            return { changed: `${text}; left in processing/ (${errorText(err)})` };
          }
          this.held.delete(f.claim);
          if (f.localPath) await rm(f.localPath, { force: true });
          return { changed: `${text}; put back` };
        }
        if (f.size === 0) return { empty: true };
        if (o.stable === 'marker' && !f.redelivered) {
          await s.remove(joinPath(f.fromFolder, f.original + o.markerSuffix)).catch((err: unknown) => {
            if ((err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
          });
        }
        return { ok: ready() };
      });
    } catch (err) {
      const e = err instanceof FtpError ? err : new FtpError(`${f.original}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
      if (e.transient) {
        if (f.localPath) await rm(f.localPath, { force: true });
        this.notHandedOver(f.claim);
        result.problems.push(e);
      } else {
        await this.parkInError(f.claim, f.original, f.localPath, `could not be read from the FTP server: ${e.message}`, result, e);
      }
      return;
    }
    if ('changed' in checked) {
      this.log('debug', `${f.original}: still being written (${checked.changed})`);
      result.waiting++;
      return;
    }
    if ('empty' in checked) {
      await this.parkInError(f.claim, f.original, f.localPath, 'the file is empty (0 bytes)', result);
      return;
    }
    await this.handOver(checked.ok, emit, result);
  }

  /**
   * Poison: a claim whose lease ran out as often as a file may be delivered goes to error/ with a
   * reason naming its last holder and lease, and is never delivered again. Losing the race to
   * another instance doing the same is fine.
   */
  private async quarantineClaim(claim: string, info: ClaimInfo, result: CycleResult): Promise<void> {
    const o = this.options;
    const when = new Date(this.now());
    const reason =
      `delivered ${info.deliveries} time${info.deliveries === 1 ? '' : 's'} without completing (the limit is ${o.maxDeliveries}); ` +
      `the last delivery was held by ${info.owner} with a lease until ${new Date(info.leaseUntil).toISOString()}. ` +
      'Every delivery ended without an ack or a reject, e.g. the runtime stopped while processing the file. ' +
      'Move the file back to the polled folder to try it again.';
    try {
      const r = await this.conn.run(`quarantine ${info.original}`, (s) => rejectClaim(s, o, claim, reason, when, 'quarantined'));
      const old = this.held.get(claim);
      this.held.delete(claim);
      if (old?.spoolPath) await rm(old.spoolPath, { force: true });
      const q: QuarantinedFile = { filename: info.original, deliveries: info.deliveries, lastOwner: info.owner, leaseUntil: info.leaseUntil, movedTo: r.movedTo, reasonFile: r.reasonFile, reason };
      result.quarantined.push(q);
    } catch (err) {
      const e = err as FtpError;
      if (e.code === 'FTP_CLAIM_LOST') return; // quarantined or taken by another instance meanwhile
      if (e.transient) throw err;
      this.skipOnce(`processing/${claim}`, `${info.original}: ${reason}; moving it to error/ failed (${errorText(err)}), so it stays in processing/`);
    }
  }

  /** A claimed file that cannot be processed goes to error/ with its reason; the cycle goes on. */
  private async parkInError(claim: string, original: string, localPath: string | undefined, reason: string, result: CycleResult, cause?: FtpError): Promise<void> {
    const o = this.options;
    this.held.delete(claim);
    if (localPath) await rm(localPath, { force: true });
    try {
      await this.conn.run(`reject ${original}`, (s) => rejectClaim(s, o, claim, reason, new Date(this.now())));
    } catch (rejectErr) {
      this.log('warn', `${original}: ${reason}; moving it to error/ failed too: ${errorText(rejectErr)}`);
    }
    result.problems.push(new FtpError(`${original}: ${reason}`, cause?.code ?? 'FTP_INCOMPLETE', { ftpCode: cause?.ftpCode, cause }));
  }

  private async handOver(file: PolledFile, emit: EmitFn, result: CycleResult): Promise<void> {
    const h = this.held.get(currentClaimName(file.claim));
    try {
      await emit(file);
    } catch (err) {
      // The flow threw while taking the file: keep the claim; the lease brings it back.
      if (h) h.archiving = false;
      result.problems.push(new FtpError(`${file.filename}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err }));
      return;
    }
    result.emitted++;
    if (this.options.ack !== 'auto') {
      if (h) h.archiving = false;
      return;
    }
    if (h) {
      h.archivePending = true;
      // The flow may still read the spooled file; it is removed after the lease time instead.
      if (h.spoolPath) spoolExpiry.set(h.spoolPath, this.now() + this.options.leaseMs);
    }
    try {
      await this.archive(currentClaimName(file.claim), result);
    } finally {
      if (h) h.archiving = false;
    }
  }

  private async archive(claim: string, result: CycleResult): Promise<boolean> {
    try {
      await this.onTransfer(`archive ${claim}`, (s) => ackClaim(s, this.options, claim));
      releaseHeldClaim(claim);
      return true;
    } catch (err) {
      const e = err as FtpError;
      if (e.code === 'FTP_CLAIM_LOST') {
        releaseHeldClaim(claim);
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
    // Spool files keep the claim name of their first delivery; renewals rename only the claim.
    const inUse = new Set([...this.held.values()].map((h) => h.spoolPath).filter((p): p is string => p !== undefined));
    for (const n of names) {
      const p = path.join(dir, n);
      if (inUse.has(p) || spoolExpiry.has(p)) continue;
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
