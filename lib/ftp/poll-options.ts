/**
 * What a poller of Pyramid's out-folder is told and what it hands back: its options and their
 * defaults, a polled file, a cycle's result, and the state its stages share (PollContext).
 */
import type { ClaimFolders, HeldClaim } from './claims';
import type { FtpConnection, LogFn } from './connection';
import type { FtpError } from './errors';

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
  /**
   * The type of a file from its name (for PolledFile.type), e.g. a message type: given by the
   * caller, so the transport knows nothing of what the files hold. Without it no type is set.
   */
  classify?: (name: string) => string | undefined;
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
  /** The file's type by the poller's `classify` option (e.g. its message type), when it has one. */
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

/**
 * A file written under its final name is taken only after its size and time held still this long
 * across two listings. 10 s: twice the 5 s pause of a writer that writes in pieces, so such a
 * writer is not cut even when its pauses stretch on a loaded machine.
 */
export const DEFAULT_SETTLE_MS = 10000;

/** The defaults of PollerOptions. */
export const DEFAULTS = {
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

export type ResolvedPollerOptions = Required<Omit<PollerOptions, 'spoolDir' | 'log' | 'now' | 'transferConn' | 'classify'>> & Pick<PollerOptions, 'spoolDir'>;

/** What the stages of a poll (fetch, hand-over, quarantine, lease renewal) share with their poller. */
export interface PollContext {
  readonly o: ResolvedPollerOptions;
  readonly conn: FtpConnection;
  /** The second connection, until the server refuses it (see PollerOptions.transferConn). */
  transferConn: FtpConnection | undefined;
  /** Claims this poller's owner holds in this process. */
  readonly held: Map<string, HeldClaim>;
  readonly now: () => number;
  readonly log: LogFn;
  /** The poller was closed: stop taking new files. */
  readonly closed: boolean;
  /** Warn about a name once while it stays listed; it is left alone meanwhile. */
  skipOnce(key: string, text: string): void;
  classify(name: string): string | undefined;
}

/** A new, empty cycle result. */
export function emptyCycle(): CycleResult {
  return { emitted: 0, waiting: 0, more: false, problems: [], quarantined: [] };
}
