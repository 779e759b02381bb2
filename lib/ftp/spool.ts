/**
 * The local spool of big polled files (downloaded to disk, passed to the flow by path): when a
 * spool file may be removed, and removing what nobody needs any more.
 */
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { releaseHeldClaim } from './claims';

/** Spool files handed over in auto mode, removed once the lease time has passed (ms since epoch). */
const spoolExpiry = new Map<string, number>();

/** Keep a spool file until `until` (the flow may still read it), then remove it. */
export function expireSpoolAt(file: string, until: number): void {
  spoolExpiry.set(file, until);
}

/** Remove spool files whose time (auto mode) has passed. */
export async function cleanSpool(now: number): Promise<void> {
  for (const [p, until] of [...spoolExpiry]) {
    if (until <= now) {
      spoolExpiry.delete(p);
      await rm(p, { force: true });
    }
  }
}

/**
 * Remove the files of a spool folder that nobody holds any more (`inUse`) and that are not
 * waiting for their time: leftovers of an earlier run. Returns how many were removed.
 */
export async function sweepSpoolDir(dir: string | undefined, inUse: ReadonlySet<string>): Promise<number> {
  if (!dir) return 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const n of names) {
    const p = path.join(dir, n);
    if (inUse.has(p) || spoolExpiry.has(p)) continue;
    await rm(p, { force: true });
    removed++;
  }
  return removed;
}

/** Forget a claim after an ack or reject (whoever in this process held it); removes its spool file. */
export async function forgetClaim(claim: string): Promise<void> {
  const h = releaseHeldClaim(claim);
  if (h?.spoolPath) {
    spoolExpiry.delete(h.spoolPath);
    await rm(h.spoolPath, { force: true });
  }
}
