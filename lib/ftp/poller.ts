/**
 * The poller behind pyramid-ftp-in: list -> wait until stable -> claim (atomic rename into
 * processing/) -> fetch -> hand over -> archive (auto) or wait for an ack (manual, with a lease).
 * This file holds one cycle's plan (claims to deliver again, new files that held still); the
 * stages live in fetch.ts, handover.ts, quarantine.ts and lease.ts.
 *
 * One call of `cycle()` is one look at the server. Scheduling (interval, re-arming, triggering from
 * a msg) belongs to the caller (see inbox.ts), which gets a hint when to look again.
 */
import { checkOwner, heldClaims, parseClaimName, type HeldClaim } from './claims';
import type { FtpConnection, LogFn } from './connection';
import { claimAheadCount, claimAndFetch, claimFiles, fetchClaimed, notHandedOver, type Claimed } from './fetch';
import { archiveAll, finish, retryArchives } from './handover';
import { nextRenewalInMs, renewDue } from './lease';
import { globMatcher, listedNameProblem } from './names';
import { DEFAULTS, emptyCycle, type CycleResult, type EmitFn, type PollContext, type PollerOptions, type ResolvedPollerOptions } from './poll-options';
import { quarantineClaim, quarantineListed } from './quarantine';
import type { RemoteEntry } from './session';
import { cleanSpool, sweepSpoolDir } from './spool';

export {
  DEFAULT_SETTLE_MS,
  type AckMode,
  type CycleResult,
  type EmitFn,
  type PolledFile,
  type PollerOptions,
  type QuarantinedFile,
  type StableMode,
} from './poll-options';
export { forgetClaim } from './spool';

type NameProblem = ReturnType<typeof listedNameProblem>;

interface Look {
  key: string;
  since: number;
  looks: number;
  /** What is wrong with the name, if anything: worked out once per name, not at every listing. */
  problem: NameProblem;
}

export class FtpPoller {
  readonly options: ResolvedPollerOptions;
  private readonly conn: FtpConnection;
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
  /** What the stages share with this poller. */
  private readonly ctx: PollContext;

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
    this.matches = globMatcher(this.options.pattern);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.held = heldClaims(this.options.owner);
    const classify = options.classify ?? (() => undefined);
    const isClosed = (): boolean => this.closed;
    this.ctx = {
      o: this.options,
      conn,
      transferConn: options.transferConn,
      held: this.held,
      now: this.now,
      log: this.log,
      get closed() {
        return isClosed();
      },
      skipOnce: (key, text) => this.skipOnce(key, text),
      classify,
    };
  }

  /** Claims this poller's owner holds in this process. */
  get heldCount(): number {
    return this.held.size;
  }

  /** One look at the server. Calls never overlap: a call during a cycle gets that cycle's result. */
  cycle(emit: EmitFn): Promise<CycleResult> {
    if (this.closed) return Promise.resolve(emptyCycle());
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
      this.renewing = renewDue(this.ctx).finally(() => {
        this.renewing = undefined;
      });
    }
    return this.renewing;
  }

  /** ms until the next claim is due for renewal, or undefined when none is held. */
  nextRenewalInMs(): number | undefined {
    return nextRenewalInMs(this.ctx);
  }

  private isOurArtifact(name: string): boolean {
    if (name.endsWith('.claim') || name.endsWith('.reason.txt')) return true;
    if (name.startsWith('~') && name.endsWith('.part')) return true;
    return this.options.stable === 'marker' && name.endsWith(this.options.markerSuffix);
  }
  private async runCycle(emit: EmitFn): Promise<CycleResult> {
    const o = this.options;
    const result = emptyCycle();
    await this.renewLeases();
    await retryArchives(this.ctx, result);
    await cleanSpool(this.now());
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
        await quarantineClaim(this.ctx, r.entry.name, r.info, result);
        continue;
      }
      if (budget <= 0) {
        result.more = true;
        break;
      }
      const item = { entry: r.entry, fromFolder: o.processing, original: r.info.original, fromName: r.entry.name, redelivered: true, deliveries: r.deliveries };
      const fetched = await claimAndFetch(this.ctx, item, result);
      if (fetched) {
        budget--;
        await finish(this.ctx, fetched, emit, result);
      }
    }

    // 2. New files in the polled folder.
    if (this.closed) return result;
    const listed = await this.conn.run(`list ${o.folder}`, (s) => s.list(o.folder));
    const now2 = this.now();
    const names = o.stable === 'marker' ? new Set(listed.map((e) => e.name)) : undefined;
    const ready: RemoteEntry[] = [];
    const seen = new Set<string>(seenClaims);
    const problems = new Map<string, NonNullable<NameProblem>>();
    let soonest: number | undefined;
    for (const e of listed) {
      if (e.type !== 'file' || this.isOurArtifact(e.name) || !this.matches(e.name)) continue;
      seen.add(e.name);
      // A name we already gave up on (the server would not even move it): once is enough.
      if (this.skipped.has(e.name)) continue;
      const prev = this.looks.get(e.name);
      const bad = prev ? prev.problem : listedNameProblem(e.name);
      if (bad) problems.set(e.name, bad);
      if (bad && !bad.movable) {
        this.skipOnce(e.name, `${JSON.stringify(e.name)} is not taken and stays where it is: ${bad.reason}`);
        continue;
      }
      if (o.stable === 'marker') {
        if (names?.has(e.name + o.markerSuffix)) ready.push(e);
        else result.waiting++;
        continue;
      }
      const key = `${e.size}|${e.rawTime}|${e.mtime?.getTime() ?? ''}`;
      if (!prev || prev.key !== key) {
        this.looks.set(e.name, { key, since: now2, looks: 1, problem: bad });
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
    for (const name of this.looks.keys()) if (!seen.has(name)) this.looks.delete(name);
    for (const name of [...this.skipped]) if (!seen.has(name)) this.skipped.delete(name);
    ready.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The main connection claims a few files ahead (their renames in one write) and downloads them
    // one by one; each downloaded file is checked and handed over (one after the other, in name
    // order) on the transfer connection meanwhile, and a batch's files are archived together once
    // handed over. At most two files are downloaded ahead of the one being handed over.
    const finishing: Promise<void>[] = [];
    let chain: Promise<void> = Promise.resolve();
    let next = 0;
    let claimed: Claimed[] = [];
    const acks: string[] = [];
    try {
      while (!this.closed) {
        const batch = await this.nextBatch(ready, problems, next, budget, result);
        next = batch.next;
        if (batch.entries.length === 0) break;
        const items = batch.entries.map((e) => ({ entry: e, fromFolder: o.folder, original: e.name, fromName: e.name, redelivered: false, deliveries: 1 }));
        const got = await claimFiles(this.ctx, items).finally(() => {
          for (const e of batch.entries) this.looks.delete(e.name);
        });
        claimed = got.filter((c): c is Claimed => c !== undefined);
        budget -= claimed.length;
        while (claimed.length > 0 && !this.closed) {
          const c = claimed.shift() as Claimed;
          while (finishing.length >= 2) await finishing.shift();
          const fetched = await fetchClaimed(this.ctx, c, result);
          if (fetched) {
            chain = chain.then(() => finish(this.ctx, fetched, emit, result, acks));
            finishing.push(chain);
          }
        }
        // The batch's files handed over are archived together (auto), their renames in one write.
        chain = chain.then(() => archiveAll(this.ctx, acks, result));
      }
    } finally {
      // Claimed ahead and not downloaded (closed, or a download failed the cycle): ours, not
      // handed over; the next cycle takes them again from processing/ under the same number.
      for (const c of claimed) notHandedOver(this.ctx, c.claim);
      await chain;
      await archiveAll(this.ctx, acks, result);
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

  /**
   * The next files to claim together from `ready`, from index `from`: names that cannot be taken
   * are quarantined on the way (outside the budget, so they never hold up the files behind them);
   * past the budget the rest is only looked through for such names, and `more` is set.
   */
  private async nextBatch(
    ready: RemoteEntry[],
    problems: ReadonlyMap<string, NonNullable<NameProblem>>,
    from: number,
    budget: number,
    result: CycleResult,
  ): Promise<{ entries: RemoteEntry[]; next: number }> {
    const entries: RemoteEntry[] = [];
    let i = from;
    for (; i < ready.length && !this.closed; i++) {
      const e = ready[i];
      const bad = problems.get(e.name);
      if (bad) {
        await quarantineListed(this.ctx, e, bad.reason, result);
        this.looks.delete(e.name);
        continue;
      }
      if (entries.length >= budget) {
        result.more = true;
        continue;
      }
      entries.push(e);
      if (claimAheadCount(this.ctx, entries.map((x) => x.size)) < entries.length) {
        entries.pop();
        break;
      }
    }
    return { entries, next: i };
  }

  private skipOnce(key: string, text: string): void {
    if (this.skipped.has(key)) return;
    this.skipped.add(key);
    this.log('warn', text);
  }

  /**
   * Remove spool files left by an earlier run of this owner that nobody holds any more
   * (call once at start).
   */
  async sweepSpool(): Promise<number> {
    // Spool files keep the claim name of their first delivery; renewals rename only the claim.
    const inUse = new Set([...this.held.values()].map((h) => h.spoolPath).filter((p): p is string => p !== undefined));
    return sweepSpoolDir(this.options.spoolDir, inUse);
  }
}
