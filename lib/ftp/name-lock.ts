/**
 * The lock of one file name in one folder, for several uploaders (Node-RED instances) sharing the
 * folder: a folder `~<name>.lock` holding one folder per uploader that wants it. Held only for the
 * duplicate check and the rename of an upload, never during a transfer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FtpError } from './errors';
import { joinPath } from './names';
import type { FtpSession } from './session';

/** The lock folder of a file name (a `~` name Pyramid's import never takes, and a folder at that). */
export function lockNameFor(filename: string): string {
  const t = `~${filename}.lock`;
  if (t.length <= 255) return t;
  return `~${createHash('sha1').update(filename).digest('hex')}.lock`;
}

export interface NameLockOptions {
  /** How long to wait for another uploader's lock before giving up for now (transient), ms. Default 15,000. */
  waitMs?: number;
  /** A lock older than this is a crashed uploader's and is removed, ms. Default 60,000. */
  staleMs?: number;
  now?: () => number;
}

/**
 * Runs `fn` holding the lock of one file name in one folder, for several uploaders (Node-RED
 * instances) sharing the folder. The lock is a folder `~<name>.lock` (a name Pyramid's import never
 * takes); each uploader makes its own folder `<owner>.<ms>.<random>` in it (MKD) and then lists the
 * lock: it holds the lock only when its own is the only one there, else it removes its own and tries
 * again after a random pause. Two can never both see themselves alone (each made its folder before
 * listing), whatever MKD does with an existing folder (some servers, ftp-srv among them, answer 257).
 * The lock is held only for the duplicate check and the rename, never during a transfer. Folders of
 * this owner are leftovers of its own crash and are removed; another's older than `staleMs` is a
 * crashed uploader's and is removed; after `waitMs` this fails as transient (the outbox tries again).
 */
export async function withNameLock<T>(session: FtpSession, dir: string, filename: string, owner: string, fn: () => Promise<T>, o: NameLockOptions = {}): Promise<T> {
  const now = o.now ?? Date.now;
  const lock = joinPath(dir, lockNameFor(filename));
  const deadline = now() + (o.waitMs ?? 15_000);
  const staleMs = o.staleMs ?? 60_000;
  const ignore = (err: unknown): void => {
    if ((err as FtpError).transient) throw err;
  };
  for (let round = 0; ; round++) {
    await session.makeDir(lock).catch(ignore);
    const me = `${owner}.${now()}.${randomBytes(3).toString('hex')}`;
    const mine = joinPath(lock, me);
    await session.makeDir(mine);
    let alone = false;
    try {
      const others = (await session.list(lock)).filter((e) => e.type === 'dir' && e.name !== me).map((e) => e.name);
      const stale = others.filter((h) => {
        const m = /^(.+)\.(\d+)\.[0-9a-f]+$/.exec(h);
        // this owner's own from before a restart, another's from too long ago, or not ours at all
        return !m || m[1] === owner || now() - Number(m[2]) > staleMs;
      });
      for (const h of stale) await session.removeDir(joinPath(lock, h)).catch(ignore);
      alone = others.length === stale.length;
    } finally {
      if (!alone) await session.removeDir(mine).catch(() => undefined);
    }
    if (alone) {
      try {
        return await fn();
      } finally {
        await session.removeDir(mine).catch(() => undefined);
        // fails while another uploader's folder is in it: that one removes it
        await session.removeDir(lock).catch(() => undefined);
      }
    }
    if (now() > deadline) {
      throw new FtpError(`upload ${joinPath(dir, filename)}: another uploader holds ${lock}`, 'FTP_BUSY', { transient: true });
    }
    // a random pause, longer each round: two that met will not meet again for long
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * Math.min(1000, 50 * 2 ** Math.min(round, 5)))));
  }
}
