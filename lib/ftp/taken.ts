/**
 * The names already in a folder uploaded to and in its taken folders (where the receiver keeps
 * what it has imported), from one listing of each shared by many uploads, so a busy uploader need
 * not ask for every name in every folder (a SIZE per folder per file) to know it is not there yet.
 *
 * Why a listing older than the upload still answers "not there" exactly (one uploader per folder,
 * see below). A snapshot lists the folder first, then each taken folder. Let X be a name that is in
 * no list and that this uploader has not renamed into place since the snapshot began (no rename of
 * X ended after the snapshot started, and none is under way). Suppose a file X is in the folder or
 * in a taken folder when the upload checks. Files only get there one way: an uploader renames X into
 * the folder, and the receiver later moves it from there into a taken folder. Names are unique per
 * order and this uploader is the only one writing to the folder, so that rename was ours. It ended
 * before the snapshot began (else X counts as touched and is checked afresh), so at the moment the
 * folder was listed X was either still in the folder (listed) or already moved on (and a file
 * moved before the folder's listing is in its taken folder when that is listed after it; the
 * receiver never moves a file back). Either way X is in the snapshot: contradiction. So the answer
 * "not there" never lets a name the receiver has taken be uploaded twice.
 *
 * What the argument needs, and what happens otherwise:
 * - one uploader per folder: several (Node-RED instances, or config nodes of one server) must use
 *   the name lock (`lock`), and under the lock the uploader checks every name afresh, never here;
 * - a name found in the snapshot is checked afresh too (SIZE, as without a snapshot), so a
 *   duplicate's answer says where the file is now;
 * - a snapshot is taken only while uploads queue (else each check costs less than a listing) and
 *   serves for `maxAgeMs`; none is taken for a while after one whose listing was large for the
 *   uploads it served.
 */
import type { FtpError } from './errors';
import { joinPath } from './names';
import type { FtpSession } from './session';

interface Snapshot {
  /** Sequence number when the first listing was asked for. */
  startSeq: number;
  takenAt: number;
  names: Set<string>;
  entries: number;
  served: number;
}

export interface TakenNamesOptions {
  /** How long a snapshot serves, ms. Default 5,000. */
  maxAgeMs?: number;
  /** A snapshot is taken only while at least this many uploads are in flight. Default 4. */
  minBusy?: number;
  now?: () => number;
}

/** Names in one folder and its taken folders, for one uploader (see the file comment). */
export class TakenNames {
  private seq = 0;
  private snap: Snapshot | undefined;
  private taking: Promise<Snapshot | undefined> | undefined;
  /** Our renames into the folder: name -> the sequence number when the last one ended (Infinity while under way). */
  private readonly touched = new Map<string, number>();
  private quietUntil = 0;
  private readonly maxAgeMs: number;
  private readonly minBusy: number;
  private readonly now: () => number;
  /** Listings taken (for tests and benchmarks). */
  listings = 0;

  constructor(
    readonly dir: string,
    private readonly taken: readonly string[],
    options: TakenNamesOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 5000;
    this.minBusy = options.minBusy ?? 4;
    this.now = options.now ?? Date.now;
  }

  /** A rename of `name` into the folder is about to be sent; call the returned function when it has ended (either way). */
  renaming(name: string): () => void {
    this.touched.set(name, Infinity);
    return () => {
      const end = ++this.seq;
      // only a snapshot begun before the rename ended needs to know of it
      if (this.snap || this.taking) this.touched.set(name, end);
      else this.touched.delete(name);
    };
  }

  /**
   * `false` when the name is certainly in neither the folder nor a taken folder, `undefined` when
   * it must be checked afresh (no usable snapshot, found in it, or renamed by us since it began).
   */
  async absent(session: FtpSession, name: string, busy: number): Promise<false | undefined> {
    const snap = await this.current(session, busy);
    // replaced or dropped meanwhile: renames it must know of may have been forgotten since
    if (!snap || snap !== this.snap) return undefined;
    const t = this.touched.get(name);
    if (t !== undefined && t >= snap.startSeq) return undefined;
    if (snap.names.has(name)) return undefined;
    snap.served++;
    return false;
  }

  private async current(session: FtpSession, busy: number): Promise<Snapshot | undefined> {
    const s = this.snap;
    const now = this.now();
    if (s && now - s.takenAt <= this.maxAgeMs) return s;
    if (this.taking) return this.taking;
    if (s) {
      this.snap = undefined;
      // without a snapshot, ended renames matter to none (a new one starts after them)
      for (const [name, end] of this.touched) if (end !== Infinity) this.touched.delete(name);
      // the listing cost more than the checks it spared (an entry parsed costs about a fiftieth
      // of a SIZE asked): check each name for a while
      if (s.served * 50 < s.entries) this.quietUntil = now + this.maxAgeMs * 12;
    }
    if (busy < this.minBusy || now < this.quietUntil) return undefined;
    this.taking = this.take(session).finally(() => {
      this.taking = undefined;
    });
    return this.taking;
  }

  private async take(session: FtpSession): Promise<Snapshot | undefined> {
    const startSeq = ++this.seq;
    const takenAt = this.now();
    const names = new Set<string>();
    let entries = 0;
    try {
      // the folder first, then the taken folders: a file moved meanwhile is in the later listing
      for (const folder of [this.dir, ...this.taken.map((f) => joinPath(this.dir, f))]) {
        let list;
        try {
          list = await session.list(folder);
        } catch (err) {
          // no such folder (550, or 451 from some servers): nothing taken there
          if ((err as FtpError).code !== 'FTP_CONNECTION_LOST' && !(await session.isDir(folder))) continue;
          throw err;
        }
        entries += list.length;
        for (const e of list) names.add(e.name);
      }
    } catch {
      // no snapshot: every name is checked afresh (a lost connection fails there, on its own
      // session), and no listing is tried again for a while
      this.snap = undefined;
      this.quietUntil = this.now() + this.maxAgeMs * 12;
      return undefined;
    }
    // renames that ended before the listing began are in it
    for (const [name, end] of this.touched) if (end < startSeq) this.touched.delete(name);
    this.listings++;
    this.snap = { startSeq, takenAt, names, entries, served: 0 };
    return this.snap;
  }
}
