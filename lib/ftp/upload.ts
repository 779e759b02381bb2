/**
 * One upload on an open session: the file under a temporary name (its size checked when it was
 * streamed from disk), the duplicate check (the folder and the folders where the receiver keeps what it has taken), the rename into
 * place, optionally under the name's lock.
 */
import { createHash } from 'node:crypto';
import { FtpError } from './errors';
import { withNameLock, type NameLockOptions } from './name-lock';
import { checkFileName, joinPath } from './names';
import type { FtpSession } from './session';
import type { TakenNames } from './taken';

export interface UploadTarget {
  folder: string;
  filename: string;
  overwrite?: boolean;
}

export interface UploadResult {
  /** Absolute folder on the server. */
  folder: string;
  filename: string;
  path: string;
  size: number;
  /** The file was already there and was not overwritten. */
  duplicate: boolean;
}

/**
 * The temporary name: not matching Pyramid's import patterns (prefix `~`, suffix `.part`), and
 * the same for the same file and uploader, so a retry overwrites what an interrupted attempt left.
 */
export function tempNameFor(filename: string, owner: string): string {
  const t = `~${filename}.${owner}.part`;
  if (t.length <= 255) return t;
  return `~${createHash('sha1').update(filename).digest('hex')}.${owner}.part`;
}

/**
 * Sub-folders of the folder uploaded to where the receiver keeps the files it has taken, by default
 * those of Pyramid's import as the simulator has them (`imported/`, `duplicate/`, `error/`): a file
 * of the same name there was delivered before, so an upload of it again is a duplicate too.
 */
export const DEFAULT_TAKEN_FOLDERS: readonly string[] = ['imported', 'duplicate', 'error'];

/** Folder names from a config text (comma or space separated); each must be a plain relative folder. */
export function parseTakenFolders(text: unknown): string[] {
  if (text === undefined || text === null) return [...DEFAULT_TAKEN_FOLDERS];
  const out: string[] = [];
  for (const raw of String(text).split(/[\s,]+/)) {
    const f = raw.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (!f) continue;
    if (f.startsWith('/') || f.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      throw new FtpError(`taken folder "${raw}": must be a folder inside the folder uploaded to`, 'FTP_BAD_CONFIG');
    }
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** Where a file of this name already is: the folder itself or one of the taken folders. */
async function alreadyThere(session: FtpSession, dir: string, name: string, taken: readonly string[], known?: KnownNames): Promise<string | undefined> {
  // a recent listing of all of them that cannot miss the name (taken.ts says why) spares the checks
  if (known && (await known.names.absent(session, name, known.busy())) === false) return undefined;
  // the folder first, then where the receiver moves files to: a file moved meanwhile is still found
  for (const p of [joinPath(dir, name), ...taken.map((f) => joinPath(joinPath(dir, f), name))]) {
    if (await session.exists(p)) return p;
  }
  return undefined;
}

/** The names known from a listing of the folder and its taken folders (only without the name lock). */
export interface KnownNames {
  names: TakenNames;
  /** Uploads in flight now: a listing is taken only while they queue. */
  busy: () => number;
}

/**
 * One upload on an open session: the file under a temporary name, its size checked, the duplicate
 * check, the rename into place. The duplicate check comes right before the rename (after the
 * transfer), so a copy of the same file delivered meanwhile by another uploader (another Node-RED
 * instance, or this one's outbox replaying after a crash) is found in the folder or, if the receiver
 * has already taken it, in one of `takenFolders`; the window left is one command, shorter than any
 * import that waits for a file to be unchanged over two looks.
 */
export async function uploadFile(
  session: FtpSession,
  target: UploadTarget,
  data: Buffer | { path: string; size: number },
  owner: string,
  options: { takenFolders?: readonly string[]; lock?: boolean | NameLockOptions; known?: (dir: string) => KnownNames | undefined } = {},
): Promise<UploadResult> {
  const name = checkFileName(target.filename);
  const dir = session.abs(target.folder);
  await session.ensureDir(dir);
  const finalPath = joinPath(dir, name);
  const size = Buffer.isBuffer(data) ? data.length : data.size;
  const taken = options.takenFolders ?? [];
  const tmp = joinPath(dir, tempNameFor(name, owner));
  const known = options.lock ? undefined : options.known?.(dir);
  if (Buffer.isBuffer(data)) {
    // every byte of a buffer was sent, and the server's 226 after the data connection closed says
    // it has them: no SIZE needed
    await session.uploadBuffer(data, tmp);
  } else {
    // a file streamed from disk may have been cut short there: ask what landed
    await session.uploadLocalFile(data.path, tmp);
    const landed = await session.size(tmp);
    if (landed !== undefined && landed !== size) {
      throw new FtpError(`upload ${finalPath}: the server has ${landed} of ${size} bytes`, 'FTP_INCOMPLETE', { transient: true });
    }
  }
  const place = async (): Promise<UploadResult> => {
    if (!target.overwrite) {
      const there = await alreadyThere(session, dir, name, taken, known);
      if (there) {
        await session.remove(tmp).catch(() => undefined);
        const existing = await session.size(there).catch(() => undefined);
        return { folder: dir, filename: name, path: there, size: existing ?? size, duplicate: true };
      }
    }
    // the snapshot of names must know of every rename of ours into the folder (taken.ts)
    const renamed = known?.names.renaming(name);
    try {
      await session.rename(tmp, finalPath);
    } catch (err) {
      const e = err as FtpError;
      // Servers on Windows refuse to rename onto an existing file; replacing was asked for.
      if (e.transient || !target.overwrite || !(await session.exists(finalPath))) {
        if (!e.transient) await session.remove(tmp).catch(() => undefined);
        throw err;
      }
      await session.remove(finalPath);
      await session.rename(tmp, finalPath);
    } finally {
      renamed?.();
    }
    return { folder: dir, filename: name, path: finalPath, size, duplicate: false };
  };
  // several uploaders sharing the folder: the check and the rename under the name's lock
  if (!options.lock) return place();
  return withNameLock(session, dir, name, owner, place, options.lock === true ? {} : options.lock);
}
