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

/**
 * Stage one, on the main connection: claim by rename, then download. Losing the rename race is
 * normal (another instance got the file) and returns undefined. A file that cannot be read for
 * a permanent reason goes to error/. What is downloaded is checked and handed over by `finish`.
 */
export async function claimAndFetch(
  ctx: PollContext,
  entry: RemoteEntry,
  fromFolder: string,
  original: string,
  fromName: string,
  redelivered: boolean,
  deliveries: number,
  result: CycleResult,
): Promise<Fetched | undefined> {
  const o = ctx.o;
  const claimedAt = ctx.now();
  const leaseUntil = Math.ceil((claimedAt + o.leaseMs) / 1000) * 1000;
  const claim = claimName(original, o.owner, leaseUntil, deliveries);
  const spool = o.spoolDir !== undefined && entry.size >= o.spoolThreshold;
  const localPath = spool ? path.join(o.spoolDir as string, claim) : undefined;
  if (localPath) await mkdir(o.spoolDir as string, { recursive: true });
  let claimed = false;
  try {
    return await ctx.conn.run(`claim ${original}`, async (s: FtpSession): Promise<Fetched | undefined> => {
      const src = joinPath(s.abs(fromFolder), fromName);
      const dst = joinPath(s.abs(o.processing), claim);
      try {
        await s.rename(src, dst);
      } catch (err) {
        const code = (err as FtpError).code;
        if (code === 'FTP_CONNECTION_LOST' || code === 'FTP_CLOSED') throw err;
        // Taken by someone else, or refused for now (a Windows server refuses to rename a file
        // that is still open): either way not ours this time, and no reason to stop the cycle.
        ctx.log('debug', `${original}: not claimed (${errorText(err)})`);
        return undefined;
      }
      claimed = true;
      if (redelivered) {
        // The previous claim (ours from before, or someone's abandoned one) is gone now.
        const old = ctx.held.get(fromName);
        ctx.held.delete(fromName);
        if (old?.spoolPath) await rm(old.spoolPath, { force: true });
      }
      // Held from the moment of the rename: a failure below leaves a claim we know about. Busy
      // (`archiving`) until it is handed over, so a lease renewal never renames it meanwhile.
      ctx.held.set(claim, { original, leaseUntil, claimedAt, deliveries, archiving: true, ...(localPath ? { spoolPath: localPath } : {}) });
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
      notHandedOver(ctx, claim);
      result.problems.push(e);
      return undefined;
    }
    await parkInError(ctx, claim, original, localPath, `could not be read from the FTP server: ${e.message}`, result, e);
    return undefined;
  }
}

/** A claim of ours that was never handed over: taken again at the next cycle, same number. */
export function notHandedOver(ctx: PollContext, claim: string): void {
  const h = ctx.held.get(claim);
  if (!h) return;
  h.undelivered = true;
  h.archiving = false;
  h.leaseUntil = 0;
}
