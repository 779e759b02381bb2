/**
 * The inbox behind pyramid-ftp-in: a poller of one folder of a server, looked at on a schedule
 * (re-armed after each cycle, never stacked; at once while more is ready; sooner when a file
 * settles or a lease runs out) or when asked, with the leases of unacknowledged files renewed
 * between polls, and each cycle's outcome told as files, problems and quarantined files.
 */
import { heldClaims } from './claims';
import { FtpConnection, type LogFn } from './connection';
import { FtpError, errorText } from './errors';
import { checkFolder } from './names';
import { poisonText } from './msg';
import type { ConnectionState } from './connection';
import type { CycleResult, PolledFile, PollerOptions, QuarantinedFile } from './poll-options';
import { FtpPoller } from './poller';
import type { FtpServer } from './server';

export type InboxOptions = Omit<PollerOptions, 'folder' | 'processing' | 'archive' | 'error' | 'owner' | 'spoolDir' | 'transferConn' | 'log'> & {
  /** The node's id: its claim owner and spool folder. */
  key: string;
  /** The folder to poll; default the server's out-folder. */
  folder?: string;
  /** Look every this many ms (0: only when asked, and when a file settles or a lease ends). */
  intervalMs: number;
  /** 2: a second connection of the inbox's own checks and archives while the shared one downloads; 1: the shared one only. */
  connections: number;
};

/** What the inbox tells its node; every text is already scrubbed of the server's password. */
export interface InboxHandlers {
  /** A file to hand to the flow. */
  file(f: PolledFile): void;
  /** Files handed over in one cycle. */
  emitted(count: number): void;
  /** The server connection's state: at start, and at every change. */
  state(state: ConnectionState): void;
  /** A file could not be taken for good (it went to error/ or stays where it is). */
  problem(text: string): void;
  /** A poll on its own schedule failed for good. */
  error(text: string): void;
  /** A cycle failed (the connection, say). */
  failed(): void;
  /** A file went to error/ after too many deliveries (it was said in the log as a warning just before). */
  poison(q: QuarantinedFile, text: string): void;
  /** The log; a passing problem is said here as a warning, once while it repeats. */
  log: LogFn;
}

export class FtpInbox {
  readonly poller: FtpPoller;
  private readonly server: FtpServer;
  private readonly key: string;
  private readonly h: InboxHandlers;
  private readonly intervalMs: number;
  private readonly transferConn: FtpConnection | undefined;
  private timer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private lastProblem = '';
  private detach: (() => void) | undefined;

  /** Throws (FTP_BAD_CONFIG, FTP_BAD_NAME) for options that cannot work. */
  constructor(server: FtpServer, o: InboxOptions, h: InboxHandlers) {
    this.server = server;
    this.key = o.key;
    this.h = h;
    this.intervalMs = o.intervalMs;
    const log: LogFn = (level, text) => h.log(level === 'warn' ? 'warn' : 'debug', server.clean(text));
    // Its own second connection (opened on the first file, closed with the inbox): downloads on
    // the shared one overlap with checking and archiving the file before on this one.
    this.transferConn = o.connections >= 2 ? new FtpConnection(server.conn.options, { log }) : undefined;
    const { key, folder, intervalMs: _i, connections: _c, ...poll } = o;
    try {
      this.poller = new FtpPoller(server.conn, {
        ...poll,
        folder: folder ? checkFolder(folder) : server.folders.out,
        processing: server.folders.processing,
        archive: server.folders.archive,
        error: server.folders.error,
        owner: server.ownerFor(key),
        spoolDir: server.spoolDir(key),
        transferConn: this.transferConn,
        log,
      });
    } catch (err) {
      void this.transferConn?.close(0);
      throw err;
    }
  }

  /** Start using the server and looking: spool leftovers removed, the first poll at once (with an interval), renewals armed. */
  start(): void {
    this.detach = this.server.attach({ key: this.key, state: (s) => this.h.state(s) });
    this.poller.sweepSpool().catch(() => undefined);
    if (this.intervalMs > 0) this.arm(0);
    this.armRenewal();
  }

  /** Look now (a msg asked); the schedule goes on from here. Rejects with the poll's failure. */
  poll(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let failure: Error | undefined;
    return this.cycle((err) => (failure = err)).then((r) => {
      this.arm(this.nextDelay(r));
      if (failure) throw failure;
    });
  }

  /** Stop; a removed node's claims are let go (another poller takes them after their lease). */
  async close(removed: boolean): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.renewTimer = undefined;
    this.poller.close();
    if (removed) heldClaims(this.poller.options.owner).clear();
    // An archive in flight on the second connection gets a moment to land.
    if (this.transferConn) await this.transferConn.close(2000).catch(() => undefined);
    this.detach?.();
  }

  /**
   * Keep the leases of the files handed over and not yet acknowledged (a slow flow, a big file):
   * renewed well before they run out, also between polls. Only while this runtime lives: a
   * runtime that died renews nothing and its files come back after the lease.
   */
  private armRenewal(): void {
    if (this.closing) return;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const due = this.poller.nextRenewalInMs();
    const lease = this.poller.options.leaseMs;
    // Nothing due: look again later (new claims come with polls). Due: at once, but never busier than lease/8.
    const delay = due === undefined ? Math.min(lease / 4, 60000) : Math.max(Math.min(1000, lease / 8), due);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = undefined;
      this.poller
        .renewLeases()
        .catch((err: unknown) => {
          this.h.log('debug', this.server.clean(errorText(err)));
          return 0;
        })
        .finally(() => this.armRenewal());
    }, delay);
  }

  /** One poll. A failure goes to `failed` when a msg asked for the poll, else to the log (once). */
  private async cycle(failed?: (err: Error) => void): Promise<CycleResult | undefined> {
    try {
      const r = await this.poller.cycle((f) => this.h.file(f));
      this.report(r);
      return r;
    } catch (err) {
      if (this.closing) return undefined; // the connection was closed under a running poll: redeploy
      const text = this.server.clean(errorText(err));
      if (failed) failed(new Error(text));
      else if (!(err instanceof FtpError) || !err.transient) this.h.error(text);
      else if (text !== this.lastProblem) this.h.log('warn', text);
      this.lastProblem = text;
      if (!(err instanceof FtpError && err.code === 'FTP_CLOSED')) this.h.failed();
      return undefined;
    }
  }

  private report(r: CycleResult): void {
    for (const p of r.problems) {
      if (p.transient) {
        if (p.message !== this.lastProblem) this.h.log('warn', this.server.clean(p.message));
        this.lastProblem = p.message;
      } else {
        this.h.problem(this.server.clean(p.message));
      }
    }
    if (r.emitted > 0) {
      this.lastProblem = '';
      this.h.emitted(r.emitted);
    }
    // Poison: said once in the log, shown in the status, and to Catch nodes as an error msg.
    for (const q of r.quarantined) {
      const text = this.server.clean(poisonText(q));
      this.h.log('warn', text);
      this.h.poison(q, text);
    }
  }

  /** Re-arm after each cycle (never an interval timer: a slow server must not stack cycles). */
  private arm(delay: number | undefined): void {
    if (this.closing || delay === undefined) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.cycle().then((r) => this.arm(this.nextDelay(r)));
    }, delay);
  }

  private nextDelay(r: CycleResult | undefined): number | undefined {
    const interval = this.intervalMs;
    if (!r) return interval > 0 ? interval : undefined;
    if (r.more) return 0;
    const d = Math.min(interval > 0 ? interval : Infinity, r.nextInMs ?? Infinity);
    return Number.isFinite(d) ? d : undefined;
  }
}
