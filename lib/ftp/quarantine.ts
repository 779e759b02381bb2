/**
 * Taking files out of circulation into error/ with a reason file: a file whose name cannot be
 * handled, a claim delivered too often without completing (poison), and a claimed file that
 * cannot be processed (empty, unreadable).
 */
import { rm } from 'node:fs/promises';
import { rejectClaim, type ClaimInfo } from './claims';
import { FtpError, errorText } from './errors';
import { fileTimestamp, joinPath, quarantineName } from './names';
import type { CycleResult, PollContext, QuarantinedFile } from './poll-options';
import type { RemoteEntry } from './session';

/**
 * Move a file whose name cannot be handled into error/ under a safe name, with a reason file
 * naming the original. Where the server refuses even that, the file is left alone with one
 * warning. Either way the cycle goes on with the next file.
 */
export async function quarantineListed(ctx: PollContext, e: RemoteEntry, why: string, result: CycleResult): Promise<void> {
  const o = ctx.o;
  const when = new Date(ctx.now());
  const safe = quarantineName(e.name);
  let outcome: { movedTo: string } | { refused: string };
  try {
    outcome = await ctx.conn.run(`quarantine ${safe}`, async (s) => {
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
    ctx.skipOnce(e.name, `${JSON.stringify(e.name)} is not taken: ${why}; moving it to error/ failed too (${outcome.refused}), so it stays where it is`);
    return;
  }
  result.problems.push(new FtpError(`${JSON.stringify(e.name)}: ${why}; moved to ${outcome.movedTo} with its reason`, 'FTP_BAD_NAME'));
}

/**
 * Poison: a claim whose lease ran out as often as a file may be delivered goes to error/ with a
 * reason naming its last holder and lease, and is never delivered again. Losing the race to
 * another instance doing the same is fine.
 */
export async function quarantineClaim(ctx: PollContext, claim: string, info: ClaimInfo, result: CycleResult): Promise<void> {
  const o = ctx.o;
  const when = new Date(ctx.now());
  const reason =
    `delivered ${info.deliveries} time${info.deliveries === 1 ? '' : 's'} without completing (the limit is ${o.maxDeliveries}); ` +
    `the last delivery was held by ${info.owner} with a lease until ${new Date(info.leaseUntil).toISOString()}. ` +
    'Every delivery ended without an ack or a reject, e.g. the runtime stopped while processing the file. ' +
    'Move the file back to the polled folder to try it again.';
  try {
    const r = await ctx.conn.run(`quarantine ${info.original}`, (s) => rejectClaim(s, o, claim, reason, when, 'quarantined'));
    const old = ctx.held.get(claim);
    ctx.held.delete(claim);
    if (old?.spoolPath) await rm(old.spoolPath, { force: true });
    const q: QuarantinedFile = { filename: info.original, deliveries: info.deliveries, lastOwner: info.owner, leaseUntil: info.leaseUntil, movedTo: r.movedTo, reasonFile: r.reasonFile, reason };
    result.quarantined.push(q);
  } catch (err) {
    const e = err as FtpError;
    if (e.code === 'FTP_CLAIM_LOST') return; // quarantined or taken by another instance meanwhile
    if (e.transient) throw err;
    ctx.skipOnce(`processing/${claim}`, `${info.original}: ${reason}; moving it to error/ failed (${errorText(err)}), so it stays in processing/`);
  }
}

/** A claimed file that cannot be processed goes to error/ with its reason; the cycle goes on. */
export async function parkInError(ctx: PollContext, claim: string, original: string, localPath: string | undefined, reason: string, result: CycleResult, cause?: FtpError): Promise<void> {
  const o = ctx.o;
  ctx.held.delete(claim);
  if (localPath) await rm(localPath, { force: true });
  try {
    await ctx.conn.run(`reject ${original}`, (s) => rejectClaim(s, o, claim, reason, new Date(ctx.now())));
  } catch (rejectErr) {
    ctx.log('warn', `${original}: ${reason}; moving it to error/ failed too: ${errorText(rejectErr)}`);
  }
  result.problems.push(new FtpError(`${original}: ${reason}`, cause?.code ?? 'FTP_INCOMPLETE', { ftpCode: cause?.ftpCode, cause }));
}
