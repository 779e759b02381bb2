/**
 * Lease renewal: a claim this process holds and has not seen acknowledged is renamed in
 * processing/ to a later lease end well before its lease runs out, so a file a slow flow is still
 * working through is never delivered again while this process lives (and for at most maxHoldMs).
 */
import { claimName, claimRenamed, releaseHeldClaim } from './claims';
import { errorText, type FtpError } from './errors';
import { joinPath } from './names';
import type { PollContext } from './poll-options';

/** ms until the next claim is due for renewal, or undefined when none is held. */
export function nextRenewalInMs(ctx: PollContext): number | undefined {
  const o = ctx.o;
  const now = ctx.now();
  let next: number | undefined;
  for (const h of ctx.held.values()) {
    if (h.released || h.undelivered || (h.claimedAt !== undefined && now - h.claimedAt >= o.maxHoldMs)) continue;
    const due = h.leaseUntil - o.leaseMs / 2 - now;
    next = Math.min(next ?? Infinity, Math.max(0, due));
  }
  return next;
}

/** Renew every held claim past half its lease; returns how many were renewed. */
export async function renewDue(ctx: PollContext): Promise<number> {
  const o = ctx.o;
  let renewed = 0;
  for (const [claim, h] of [...ctx.held]) {
    if (ctx.closed) break;
    const now = ctx.now();
    if (h.released || h.undelivered || h.archiving || h.leaseUntil - now > o.leaseMs / 2) continue;
    if (h.claimedAt !== undefined && now - h.claimedAt >= o.maxHoldMs) continue;
    const leaseUntil = Math.ceil((now + o.leaseMs) / 1000) * 1000;
    const next = claimName(h.original, o.owner, leaseUntil, h.deliveries ?? 1);
    if (next === claim) continue;
    try {
      await ctx.conn.run(`renew ${claim}`, async (s) => {
        // Acknowledged (or renewed) while this task waited in the queue, or being checked and
        // archived on the transfer connection right now: nothing to do (the timer comes back).
        // Released by the flow while this task waited: no longer renewed.
        if (ctx.held.get(claim) !== h || h.archiving || h.released) return;
        const rename = s.rename(joinPath(s.abs(o.processing), claim), joinPath(s.abs(o.processing), next));
        // A release arriving now waits for the new name, so it names the file as it is.
        h.renaming = rename.catch(() => undefined);
        try {
          await rename;
          h.leaseUntil = leaseUntil;
          claimRenamed(claim, next);
          if (!ctx.held.has(next)) ctx.held.set(next, h);
          ctx.held.delete(claim);
          renewed++;
        } finally {
          h.renaming = undefined;
        }
      });
    } catch (err) {
      const e = err as FtpError;
      if (e.transient) {
        ctx.log('debug', `renewing the lease of ${claim} failed for now: ${errorText(err)}`);
        break;
      }
      // Gone from processing/: acknowledged through another connection, or taken by another
      // instance after the lease ran out. Either way no longer ours to renew.
      ctx.log('warn', `${h.original}: its claim ${claim} could not be renewed and is no longer held (${errorText(err)})`);
      if (ctx.held.get(claim) === h) releaseHeldClaim(claim);
    }
  }
  return renewed;
}
