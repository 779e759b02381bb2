/**
 * Stage one of taking a file, on the main connection: claim it by an atomic rename into
 * processing/, then download it (to memory, or to the spool for a big file).
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { claimName } from './claims';
import { FtpError, errorText } from './errors';
import { joinPath } from './names';
import type { CycleResult, PollContext } from './poll-options';
import { parkInError } from './quarantine';
import type { FtpSession, RemoteEntry } from './session';

/** A file claimed and downloaded, waiting to be checked and handed over. */
export interface Fetched {
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

/** A file to claim: where it is listed, under which name, and which delivery this is. */
export interface ToClaim {
  entry: RemoteEntry;
  /** Folder it is listed in (as configured, or absolute). */
  fromFolder: string;
  original: string;
  /** Its name there: the original, or the claim it is under when taken again from processing/. */
  fromName: string;
  redelivered: boolean;
  deliveries: number;
}

/** A file claimed (renamed into processing/, held), not downloaded yet. */
export type Claimed = Omit<Fetched, 'payload' | 'size'>;

/**
 * Files claimed ahead of their download, at most this many at a time (their renames go out in one
 * write) and only while their listed sizes add up to no more than CLAIM_AHEAD_BYTES; none ahead
 * with a lease shorter than a minute, so a claim never waits long enough behind the downloads
 * before it for its lease to matter.
 */
export const CLAIM_AHEAD = 16;
export const CLAIM_AHEAD_BYTES = 1024 * 1024;
const CLAIM_AHEAD_MIN_LEASE_MS = 60_000;

/** How many of `entries` (from the first) to claim together. */
export function claimAheadCount(ctx: PollContext, sizes: readonly number[]): number {
  if (ctx.o.leaseMs < CLAIM_AHEAD_MIN_LEASE_MS) return Math.min(1, sizes.length);
  let n = 0;
  let bytes = 0;
  while (n < sizes.length && n < CLAIM_AHEAD && (n === 0 || bytes + sizes[n] <= CLAIM_AHEAD_BYTES)) bytes += sizes[n++];
  return n;
}

function lostWord(e: FtpError): boolean {
  return e.code === 'FTP_CONNECTION_LOST' || e.code === 'FTP_CLOSED';
}

/**
 * Claim files by renaming them into processing/ (all renames in one write where the server takes
 * that), in the order given. Losing a rename race is normal (another instance got the file): that
 * file's place holds undefined. A lost connection rejects; files it had already claimed are ours
 * and not handed over, so the next cycle takes them again under the same delivery number.
 */
export async function claimFiles(ctx: PollContext, items: readonly ToClaim[]): Promise<(Claimed | undefined)[]> {
  const o = ctx.o;
  const claimedAt = ctx.now();
  const leaseUntil = Math.ceil((claimedAt + o.leaseMs) / 1000) * 1000;
  const plans = items.map((it) => {
    const claim = claimName(it.original, o.owner, leaseUntil, it.deliveries);
    const spool = o.spoolDir !== undefined && it.entry.size >= o.spoolThreshold;
    return { it, claim, localPath: spool ? path.join(o.spoolDir as string, claim) : undefined };
  });
  if (plans.some((p) => p.localPath)) await mkdir(o.spoolDir as string, { recursive: true });
  const label = items.length === 1 ? `claim ${items[0].original}` : `claim ${items.length} files`;
  try {
    return await ctx.conn.run(label, async (s: FtpSession): Promise<(Claimed | undefined)[]> => {
      const dsts = plans.map((p) => joinPath(s.abs(o.processing), p.claim));
      const outcomes = await s.renames(plans.map((p, i) => [joinPath(s.abs(p.it.fromFolder), p.it.fromName), dsts[i]] as const));
      const out: (Claimed | undefined)[] = [];
      let lost: FtpError | undefined;
      for (let i = 0; i < plans.length; i++) {
        const { it, claim, localPath } = plans[i];
        const err = outcomes[i];
        if (err) {
          // Taken by someone else, or refused for now (a Windows server refuses to rename a file
          // that is still open): either way not ours this time, and no reason to stop the cycle.
          if (lostWord(err)) lost ??= err;
          else ctx.log('debug', `${it.original}: not claimed (${errorText(err)})`);
          out.push(undefined);
          continue;
        }
        if (it.redelivered) {
          // The previous claim (ours from before, or someone's abandoned one) is gone now.
          const old = ctx.held.get(it.fromName);
          ctx.held.delete(it.fromName);
          if (old?.spoolPath) await rm(old.spoolPath, { force: true });
        }
        // Held from the moment of the rename: a failure below leaves a claim we know about. Busy
        // (`archiving`) until it is handed over, so a lease renewal never renames it meanwhile.
        ctx.held.set(claim, { original: it.original, leaseUntil, claimedAt, deliveries: it.deliveries, archiving: true, ...(localPath ? { spoolPath: localPath } : {}) });
        out.push({ entry: it.entry, fromFolder: s.abs(it.fromFolder), original: it.original, claim, dst: dsts[i], localPath, leaseUntil, redelivered: it.redelivered, deliveries: it.deliveries });
      }
      if (lost) {
        for (const c of out) if (c) notHandedOver(ctx, c.claim);
        throw lost;
      }
      return out;
    });
  } catch (err) {
    throw err instanceof FtpError ? err : new FtpError(`${label}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
  }
}

/**
 * Download a file claimed (to memory, or to the spool for a big file). A file that cannot be read
 * for a permanent reason goes to error/; on a transient failure it stays ours and not handed over.
 * A claim that waited so long that less than half its lease is left is not downloaded now: the
 * next cycle takes it again (under a fresh lease, same delivery number).
 */
export async function fetchClaimed(ctx: PollContext, c: Claimed, result: CycleResult): Promise<Fetched | undefined> {
  if (ctx.now() > c.leaseUntil - ctx.o.leaseMs / 2) {
    notHandedOver(ctx, c.claim);
    return undefined;
  }
  try {
    return await ctx.conn.run(`fetch ${c.original}`, async (s: FtpSession): Promise<Fetched> => {
      if (c.localPath) {
        await s.downloadLocalFile(c.dst, c.localPath);
        return { ...c, size: (await stat(c.localPath)).size };
      }
      const payload = await s.downloadBuffer(c.dst);
      return { ...c, payload, size: payload.length };
    });
  } catch (err) {
    const e = err instanceof FtpError ? err : new FtpError(`${c.original}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err });
    if (e.transient) {
      if (c.localPath) await rm(c.localPath, { force: true });
      // Claimed and the connection failed: ours and not handed over, so the next cycle takes
      // it again from processing/ under the same delivery number.
      notHandedOver(ctx, c.claim);
      result.problems.push(e);
      return undefined;
    }
    await parkInError(ctx, c.claim, c.original, c.localPath, `could not be read from the FTP server: ${e.message}`, result, e);
    return undefined;
  }
}

/** Claim one file, then download it (see claimFiles and fetchClaimed). */
export async function claimAndFetch(ctx: PollContext, item: ToClaim, result: CycleResult): Promise<Fetched | undefined> {
  const [c] = await claimFiles(ctx, [item]);
  return c ? fetchClaimed(ctx, c, result) : undefined;
}

/** A claim of ours that was never handed over: taken again at the next cycle, same number. */
export function notHandedOver(ctx: PollContext, claim: string): void {
  const h = ctx.held.get(claim);
  if (!h) return;
  h.undelivered = true;
  h.archiving = false;
  h.leaseUntil = 0;
}
