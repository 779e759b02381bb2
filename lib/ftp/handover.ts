/**
 * Stage two of taking a file, on the transfer connection: check what was downloaded (still being
 * written, empty), hand it to the flow, and archive it (auto ack), retrying archives that failed.
 */
import { rm } from 'node:fs/promises';
import { ackClaim, ackClaims, currentClaimName, releaseHeldClaim } from './claims';
import { FtpError, errorText } from './errors';
import { notHandedOver, type Fetched } from './fetch';
import { joinPath } from './names';
import type { CycleResult, EmitFn, PollContext, PolledFile } from './poll-options';
import { parkInError } from './quarantine';
import type { FtpSession } from './session';
import { expireSpoolAt } from './spool';

/** Run on the transfer connection (falling back to the main one when the server refuses a second login). */
async function onTransfer<T>(ctx: PollContext, label: string, fn: (s: FtpSession) => Promise<T>): Promise<T> {
  const t = ctx.transferConn;
  if (!t || t.closed) return ctx.conn.run(label, fn);
  try {
    return await t.run(label, fn);
  } catch (err) {
    const code = (err as FtpError).code;
    // Only a refused login falls back (the task never ran); the main connection must be up,
    // else the server is simply down and the cycle's usual retry applies.
    if ((code === 'FTP_CONNECT' || code === 'FTP_TLS') && ctx.conn.state === 'connected' && !ctx.closed) {
      ctx.transferConn = undefined;
      ctx.log('warn', `a second connection to the server was refused (${errorText(err)}): files are taken over one connection`);
      return ctx.conn.run(label, fn);
    }
    throw err;
  }
}

/**
 * Stage two, on the transfer connection: a file that changed size after the claim (still being
 * written) is put back where it was found, an empty file goes to error/, any other is handed
 * over, then archived (auto). Never rejects: problems go to the cycle's result.
 */
export async function finish(ctx: PollContext, f: Fetched, emit: EmitFn, result: CycleResult, acks?: string[]): Promise<void> {
  const o = ctx.o;
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
    const type = ctx.classify(f.original);
    if (type) file.type = type;
    return file;
  };
  if (f.size === f.entry.size && f.size > 0 && (o.stable !== 'marker' || f.redelivered)) {
    await handOver(ctx, ready(), emit, result, acks);
    return;
  }
  try {
    checked = await onTransfer(ctx, `check ${f.original}`, async (s: FtpSession): Promise<Checked> => {
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
          notHandedOver(ctx, f.claim);
          if (f.localPath) await rm(f.localPath, { force: true });
          return { changed: `${text}; left in processing/ (${errorText(err)})` };
        }
        ctx.held.delete(f.claim);
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
      notHandedOver(ctx, f.claim);
      result.problems.push(e);
    } else {
      await parkInError(ctx, f.claim, f.original, f.localPath, `could not be read from the FTP server: ${e.message}`, result, e);
    }
    return;
  }
  if ('changed' in checked) {
    ctx.log('debug', `${f.original}: still being written (${checked.changed})`);
    result.waiting++;
    return;
  }
  if ('empty' in checked) {
    await parkInError(ctx, f.claim, f.original, f.localPath, 'the file is empty (0 bytes)', result);
    return;
  }
  await handOver(ctx, checked.ok, emit, result, acks);
}

/**
 * Emit, then (auto) archive: at once, or, given `acks`, later together with the files after it
 * (archiveAll); until then the claim stays busy (`archiving`), so no lease renewal renames it.
 */
async function handOver(ctx: PollContext, file: PolledFile, emit: EmitFn, result: CycleResult, acks?: string[]): Promise<void> {
  const h = ctx.held.get(currentClaimName(file.claim));
  try {
    await emit(file);
  } catch (err) {
    // The flow threw while taking the file: keep the claim; the lease brings it back.
    if (h) h.archiving = false;
    result.problems.push(new FtpError(`${file.filename}: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err }));
    return;
  }
  result.emitted++;
  if (ctx.o.ack !== 'auto') {
    if (h) h.archiving = false;
    return;
  }
  if (h) {
    h.archivePending = true;
    // The flow may still read the spooled file; it is removed after the lease time instead.
    if (h.spoolPath) expireSpoolAt(h.spoolPath, ctx.now() + ctx.o.leaseMs);
  }
  if (acks) {
    acks.push(currentClaimName(file.claim));
    return;
  }
  try {
    await archive(ctx, currentClaimName(file.claim), result);
  } finally {
    if (h) h.archiving = false;
  }
}

async function archive(ctx: PollContext, claim: string, result: CycleResult): Promise<boolean> {
  try {
    await onTransfer(ctx, `archive ${claim}`, (s) => ackClaim(s, ctx.o, claim));
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

/**
 * Auto mode: archive the files handed over since the last call, their renames in one write (the
 * list is emptied). Never rejects: a file not archived stays pending for the next cycle's retry.
 */
export async function archiveAll(ctx: PollContext, acks: string[], result: CycleResult): Promise<void> {
  const list = acks.splice(0);
  if (list.length === 0) return;
  try {
    const outcomes = await onTransfer(ctx, `archive ${list.length} files`, (s) => ackClaims(s, ctx.o, list));
    list.forEach((claim, i) => {
      const e = outcomes[i];
      if (!e || e.code === 'FTP_CLAIM_LOST') releaseHeldClaim(claim);
      else result.problems.push(e);
    });
  } catch (err) {
    result.problems.push(err instanceof FtpError ? err : new FtpError(`archive: ${errorText(err)}`, 'FTP_BUSY', { transient: true, cause: err }));
  } finally {
    for (const claim of list) {
      const h = ctx.held.get(currentClaimName(claim));
      if (h) h.archiving = false;
    }
  }
}

/** Auto mode: files emitted whose move to archive/ failed (connection lost) are moved now. */
export async function retryArchives(ctx: PollContext, result: CycleResult): Promise<void> {
  for (const [claim, h] of [...ctx.held]) {
    if (!h.archivePending) continue;
    if (!(await archive(ctx, claim, result))) return;
  }
}
