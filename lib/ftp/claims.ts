/**
 * Claims: a file being processed is renamed into `processing/` under a name that says who holds it
 * and until when. The rename is atomic on the server, so when several Node-RED instances poll one
 * folder exactly one of them gets each file; the name carries the lease, so anyone can tell a claim
 * that was abandoned (its holder died) from one still being worked on, without any shared state.
 *
 *   processing/Artikeldata_20261128T101500000_0001.xml~a1b2c3d4e5f6~20261128T103000Z~2.claim
 *              <original name>                        <holder>     <lease end, UTC> <delivery>
 *
 * The delivery number counts how often the file was handed to a flow (1 for the first): a claim
 * taken over after its lease ran out (its holder died, or never finished) is delivered again with
 * the number one higher, so a file that kills whoever processes it is recognised and quarantined
 * after a bounded number of deliveries instead of coming back forever. Renewing a lease keeps the
 * number. Claim names without it (written by earlier versions) count as delivery 1.
 */
import { FtpError, errorText } from './errors';
import type { FtpSession } from './session';
import { MAX_CLAIMABLE_NAME, checkFileName, fileTimestamp, joinPath } from './names';

export { MAX_CLAIMABLE_NAME };

export interface ClaimInfo {
  /** The name in processing/. */
  claim: string;
  /** The file's original name. */
  original: string;
  /** Who holds the claim (a runtime instance + node). */
  owner: string;
  /** End of the lease, ms since epoch (second precision). */
  leaseUntil: number;
  /** Delivery number of this claim: 1 for the first delivery (and for claim names without one). */
  deliveries: number;
}

const OWNER_RE = /^[A-Za-z0-9]{1,32}$/;
const CLAIM_RE = /^(.+)~([A-Za-z0-9]{1,32})~(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:~([1-9]\d{0,8}))?\.claim$/;

/** Highest delivery number a claim name carries (far above any sensible maxDeliveries). */
export const MAX_DELIVERY_NUMBER = 999_999_999;

export function checkOwner(owner: string): string {
  if (!OWNER_RE.test(owner)) throw new FtpError(`claim owner ${JSON.stringify(owner)} must be 1-32 letters or digits`, 'FTP_BAD_CONFIG');
  return owner;
}

function utcStamp(ms: number): string {
  const d = new Date(Math.ceil(ms / 1000) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

export function claimName(original: string, owner: string, leaseUntil: number, deliveries = 1): string {
  checkOwner(owner);
  if (!Number.isInteger(deliveries) || deliveries < 1 || deliveries > MAX_DELIVERY_NUMBER) {
    throw new FtpError(`claim of ${original}: delivery number ${deliveries} must be a whole number from 1 to ${MAX_DELIVERY_NUMBER}`, 'FTP_BAD_CONFIG');
  }
  return `${original}~${owner}~${utcStamp(leaseUntil)}~${deliveries}.claim`;
}

export function parseClaimName(name: string): ClaimInfo | undefined {
  const m = CLAIM_RE.exec(name);
  if (!m) return undefined;
  const leaseUntil = Date.UTC(Number(m[3]), Number(m[4]) - 1, Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8]));
  if (Number.isNaN(leaseUntil)) return undefined;
  return { claim: name, original: m[1], owner: m[2], leaseUntil, deliveries: m[9] ? Number(m[9]) : 1 };
}

/** A claim in processing/ as listed, for tools that show them (the operations sidebar). */
export interface ListedClaim extends ClaimInfo {
  /** Size on the server, bytes. */
  size: number;
  /** The lease has ended: the next poll delivers the file again (or quarantines it). */
  expired: boolean;
}

/**
 * The claims in a processing/ folder (read-only: one listing, nothing is moved), sorted by
 * original name. Entries that are not claim names are left out. Run it inside the connection's
 * queue: `conn.run('list claims', (s) => listClaims(s, folders.processing))`.
 */
export async function listClaims(session: FtpSession, processing: string, now: number = Date.now()): Promise<ListedClaim[]> {
  let entries;
  try {
    entries = await session.list(processing);
  } catch (err) {
    // A folder that is not there yet holds no claims (ftp-srv answers 451 ENOENT, others 550).
    const e = err as FtpError;
    if (e.code === 'FTP_NOT_FOUND' || (e.ftpCode === 451 && /ENOENT|no such file/i.test(e.message))) return [];
    throw err;
  }
  const out: ListedClaim[] = [];
  for (const e of entries) {
    if (e.type !== 'file') continue;
    const info = parseClaimName(e.name);
    if (info) out.push({ ...info, size: e.size, expired: info.leaseUntil <= now });
  }
  return out.sort((a, b) => (a.original < b.original ? -1 : a.original > b.original ? 1 : a.claim < b.claim ? -1 : 1));
}

export interface ClaimFolders {
  processing: string;
  archive: string;
  error: string;
}

/**
 * Claims held by this process, by owner. It outlives a redeploy (a new poller for the same node
 * finds the claims its predecessor emitted and leaves them to their ack or lease) but not a
 * restart of the process: then every claim of ours in processing/ is delivered again at once.
 */
export interface HeldClaim {
  original: string;
  leaseUntil: number;
  /** Local spool file passed downstream instead of a payload. */
  spoolPath?: string;
  /** `auto` mode: emitted, waiting for its move to archive/ to succeed. */
  archivePending?: boolean;
  /** When the file was claimed (ms since epoch): leases are renewed for a limited time only. */
  claimedAt?: number;
  /** Released by the flow: no longer renewed, so the file comes back when its lease ends. */
  released?: boolean;
  /** Delivery number in the claim name (kept when the lease is renewed). */
  deliveries?: number;
  /**
   * Claimed but never handed to the flow (the connection dropped during the download): the next
   * cycle takes it again at once, under the same delivery number.
   */
  undelivered?: boolean;
  /** `auto` mode: its move to archive/ is queued or running (a lease renewal must not rename it meanwhile). */
  archiving?: boolean;
  /** A lease renewal's rename is running: it settles once the claim has its new name (or kept the old). */
  renaming?: Promise<void>;
}

const held = new Map<string, Map<string, HeldClaim>>();
/**
 * Claim names that were renamed to renew their lease, pointing at the current name. A msg keeps
 * the claim name it was emitted with; an ack or reject with it finds the file under its new name.
 */
const renamed = new Map<string, string>();

/** The current name of a claim (after lease renewals), or the name itself. */
export function currentClaimName(claim: string): string {
  return renamed.get(claim) ?? claim;
}

/** Record that a held claim now has another name (its lease was renewed). */
export function claimRenamed(from: string, to: string): void {
  for (const m of held.values()) {
    const h = m.get(from);
    if (h) {
      m.delete(from);
      m.set(to, h);
    }
  }
  for (const [k, v] of renamed) if (v === from) renamed.set(k, to);
  renamed.set(from, to);
}

function forgetNames(current: string): void {
  for (const [k, v] of renamed) if (v === current) renamed.delete(k);
}

export function heldClaims(owner: string): Map<string, HeldClaim> {
  let m = held.get(owner);
  if (!m) {
    m = new Map();
    held.set(owner, m);
  }
  return m;
}

/**
 * The flow gives a claim up without acknowledging it (e.g. the shop is down): its lease is no
 * longer renewed, so the file is delivered again when the lease ends. Resolves to the claim's
 * current name (after a renewal's rename that was already running when it was released), or
 * undefined when this process does not hold it.
 */
export async function releaseClaim(claim: string): Promise<string | undefined> {
  const current = currentClaimName(claim);
  for (const m of held.values()) {
    const h = m.get(current);
    if (h) {
      h.released = true;
      if (h.renaming) await h.renaming;
      return currentClaimName(claim);
    }
  }
  return undefined;
}

export function releaseHeldClaim(claim: string): HeldClaim | undefined {
  const current = currentClaimName(claim);
  forgetNames(current);
  for (const m of held.values()) {
    const info = m.get(current);
    if (info) {
      m.delete(current);
      return info;
    }
  }
  return undefined;
}

function lostClaim(claim: string, action: string, cause?: unknown): FtpError {
  return new FtpError(
    `${action} ${claim}: the claim is no longer in processing/ (already acknowledged, or its lease ran out and the file was delivered again)`,
    'FTP_CLAIM_LOST',
    { cause },
  );
}

/**
 * Move a claimed file out of processing/. When the target name is taken and the server refuses to
 * replace it, the file is kept under a time-stamped name instead.
 */
async function moveClaim(session: FtpSession, folders: ClaimFolders, claim: string, toFolder: string, name: string, action: string): Promise<string> {
  const from = joinPath(session.abs(folders.processing), claim);
  const dir = session.abs(toFolder);
  await session.ensureDir(dir);
  const target = joinPath(dir, name);
  try {
    await session.rename(from, target);
    return target;
  } catch (err) {
    const e = err as FtpError;
    if (e.transient) throw err;
    if (!(await session.exists(from))) throw lostClaim(claim, action, err);
    const alt = joinPath(dir, `${name}.${fileTimestamp(new Date())}`);
    await session.rename(from, alt);
    return alt;
  }
}

/** Acknowledge: the claimed file moves to archive/ under its original name. */
export async function ackClaim(session: FtpSession, folders: ClaimFolders, asEmitted: string): Promise<{ archivedAs: string }> {
  const claim = currentClaimName(asEmitted);
  const info = parseClaimName(checkFileName(claim, 'claim'));
  if (!info) throw new FtpError(`ack: ${JSON.stringify(claim)} is not a claim name`, 'FTP_BAD_NAME');
  return { archivedAs: await moveClaim(session, folders, claim, folders.archive, info.original, 'ack') };
}

/**
 * Acknowledge several claims at once: their renames into archive/ go out in one write where the
 * server takes that. One outcome per claim, as ackClaim would have ended: undefined when archived,
 * else the error (a transient one leaves the claim where it is, to be archived later).
 */
export async function ackClaims(session: FtpSession, folders: ClaimFolders, asEmitted: readonly string[]): Promise<(FtpError | undefined)[]> {
  const dir = session.abs(folders.archive);
  await session.ensureDir(dir);
  const from = session.abs(folders.processing);
  const claims = asEmitted.map((c) => currentClaimName(c));
  const infos = claims.map((c) => {
    try {
      return parseClaimName(checkFileName(c, 'claim'));
    } catch {
      return undefined;
    }
  });
  const pairs: (readonly [string, string])[] = [];
  const at = claims.map((c, i) => {
    const info = infos[i];
    return info ? pairs.push([joinPath(from, c), joinPath(dir, info.original)]) - 1 : -1;
  });
  const outcomes = await session.renames(pairs);
  const out: (FtpError | undefined)[] = [];
  for (let i = 0; i < claims.length; i++) {
    const e = at[i] >= 0 ? outcomes[at[i]] : undefined;
    if (at[i] >= 0 && (e === undefined || e.transient)) {
      out.push(e);
      continue;
    }
    // Not a claim name, or refused (the name taken in archive/, or the claim gone): the single way.
    try {
      await ackClaim(session, folders, claims[i]);
      out.push(undefined);
    } catch (err) {
      out.push(err as FtpError);
    }
  }
  return out;
}

/**
 * Reject: the reason goes to error/<name>.reason.txt first (so a file in error/ always has its
 * reason beside it), then the claimed file moves to error/<name>.
 */
export async function rejectClaim(
  session: FtpSession,
  folders: ClaimFolders,
  asEmitted: string,
  reason: string,
  now: Date = new Date(),
  /** The word before the time in the reason file: `rejected` (by the flow) or `quarantined` (by the poller). */
  heading: 'rejected' | 'quarantined' = 'rejected',
): Promise<{ movedTo: string; reasonFile: string }> {
  const claim = currentClaimName(asEmitted);
  const info = parseClaimName(checkFileName(claim, 'claim'));
  if (!info) throw new FtpError(`reject: ${JSON.stringify(claim)} is not a claim name`, 'FTP_BAD_NAME');
  const from = joinPath(session.abs(folders.processing), claim);
  if (!(await session.exists(from))) throw lostClaim(claim, 'reject');
  const dir = session.abs(folders.error);
  await session.ensureDir(dir);
  const reasonFile = joinPath(dir, `${info.original}.reason.txt`);
  const text = `file: ${info.original}\r\n${heading}: ${now.toISOString()}\r\nreason: ${reason.replace(/\r?\n/g, '\r\n  ')}\r\n`;
  await session.uploadBuffer(Buffer.from(text, 'utf8'), reasonFile);
  const movedTo = await moveClaim(session, folders, claim, folders.error, info.original, 'reject');
  return { movedTo, reasonFile };
}

/** A short reason text from whatever a flow hands over (msg.reason, msg.error, an Error). */
export function reasonText(v: unknown): string {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (v instanceof Error) return v.message;
  if (v && typeof v === 'object' && 'message' in v && typeof (v as { message: unknown }).message === 'string') {
    return (v as { message: string }).message;
  }
  if (v === undefined || v === null) return 'rejected';
  return errorText(v);
}
