/**
 * One FTP connection and one queue of operations per server.
 *
 * basic-ftp runs one command at a time on a client, and FTP servers limit connections per user, so
 * every node that uses a server shares this object: operations queue up and run one after the
 * other on a single logged-in client. The connection reconnects by itself (with backoff) after a
 * timeout or a dropped socket while anyone still needs it, and reports its state as events so the
 * config node can show it on every node that uses it.
 */
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { Client, FileType, enterPassiveModeIPv4, enterPassiveModeIPv6, type FileInfo } from 'basic-ftp';
import * as dosList from 'basic-ftp/dist/parseListDOS';
import * as mlsdList from 'basic-ftp/dist/parseListMLSD';
import * as unixList from 'basic-ftp/dist/parseListUnix';
import { enterPassiveModeIPv4_forceControlHostIP } from 'basic-ftp/dist/transfer';
import type { Encoding } from '../xml/encoding';
import { FtpError, classify, errorText, replyCode, scrub } from './errors';
import { baseName, checkFolder, nameCodec, type NameCodec } from './names';

export type SecureMode = 'none' | 'explicit' | 'implicit';
export type TransferMode = 'auto' | 'epsv' | 'pasv';

export interface FtpServerOptions {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  /** FTPS: none, explicit (AUTH TLS on the normal port) or implicit (TLS from the first byte). */
  secure?: SecureMode;
  /** Verify the server certificate (chain and host name). On unless explicitly turned off. */
  rejectUnauthorized?: boolean;
  /** PEM of a CA, or of the server's own self-signed certificate, to trust in addition to the system CAs. */
  ca?: string;
  /** SHA-256 fingerprint of the server certificate; when set, exactly that certificate is accepted. */
  fingerprint?: string;
  /** Name to check the certificate against when it differs from `host`. */
  servername?: string;
  /** Passive mode: EPSV then PASV (auto), or only one of them. */
  transferMode?: TransferMode;
  /** Accept a PASV answer that points at another host than the control connection (basic-ftp option). */
  allowSeparateTransferHost?: boolean;
  /** Socket inactivity timeout for control and data connections, ms. */
  timeoutMs?: number;
  /** Code page of file names on the server. */
  encoding?: Encoding;
  /** Reconnect backoff, ms. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** After this long without use the connection is checked with NOOP before the next operation, ms. */
  idleCheckMs?: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface RemoteEntry {
  name: string;
  size: number;
  type: 'file' | 'dir' | 'link' | 'other';
  /** Parsed modification time when the listing gives one precisely enough (MLSD) or approximately (LIST). */
  mtime?: Date;
  /** The listing's time text: compared as-is when deciding whether a file is still changing. */
  rawTime: string;
}

export type LogFn = (level: 'debug' | 'info' | 'warn', text: string) => void;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Best-effort parse of a Unix LIST time (`Nov 28 23:54` or `Nov 28  2025`), as UTC. */
export function parseListTime(raw: string, now: Date = new Date()): Date | undefined {
  const m = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec(raw.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return undefined;
  const day = Number(m[2]);
  if (m[5]) return new Date(Date.UTC(Number(m[5]), month, day));
  let year = now.getUTCFullYear();
  let d = new Date(Date.UTC(year, month, day, Number(m[3]), Number(m[4])));
  // A listing without a year means "within the last six months"; a date ahead of now is last year's.
  if (d.getTime() > now.getTime() + 24 * 3600 * 1000) {
    year -= 1;
    d = new Date(Date.UTC(year, month, day, Number(m[3]), Number(m[4])));
  }
  return d;
}

interface ListParser {
  testLine(line: string): boolean;
  parseLine(line: string): FileInfo | undefined;
  transformList(files: FileInfo[]): FileInfo[];
}
const LIST_PARSERS: readonly ListParser[] = [dosList, unixList, mlsdList];

/**
 * A directory listing, parsed so that one odd name cannot spoil the others. basic-ftp's own parser
 * picks the format from the last line and throws when that line fits none, so a file whose name
 * holds a line feed (its name continues on a line of its own) made the whole folder unreadable
 * when it sorted last, and otherwise showed up as a shorter name that does not exist. Here the
 * format comes from the last line that fits one, a line that fits none continues the name of the
 * entry before it, and a name cut at a carriage return keeps the rest: such an entry carries its
 * CR or LF, so the poller knows the name cannot be sent back to the server and says so once.
 */
export function parseListing(raw: string): FileInfo[] {
  const lines = raw.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^total\b/.test(l));
  let parser: ListParser | undefined;
  for (let i = lines.length - 1; i >= 0 && !parser; i--) parser = LIST_PARSERS.find((p) => p.testLine(lines[i]));
  if (!parser) {
    if (lines.length === 0) return [];
    throw new Error(`unknown directory listing format (first line: ${JSON.stringify(lines[0].slice(0, 120))})`);
  }
  const files: FileInfo[] = [];
  let last: FileInfo | undefined;
  for (const line of lines) {
    if (!parser.testLine(line)) {
      // The rest of the previous entry's name, after a line feed in it.
      if (last) last.name += `\n${line}`;
      continue;
    }
    const info = parser.parseLine(line);
    last = info;
    if (!info) continue;
    if (/[\r\0]/.test(line) && !/[\r\0]/.test(info.name)) {
      const at = line.lastIndexOf(`${info.name}\r`);
      info.name = at >= 0 ? line.slice(at) : `${info.name}\r`;
    }
    files.push(info);
  }
  return parser.transformList(files);
}

function normalizeFingerprint(f: string): string {
  return f.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function tlsOptionsFor(o: FtpServerOptions): ConnectionOptions {
  const t: ConnectionOptions = {};
  if (o.fingerprint && o.fingerprint.trim() !== '') {
    // The pin replaces chain and name checks: the certificate is compared byte for byte (by hash)
    // right after the handshake, before the user name and password are sent.
    t.rejectUnauthorized = false;
  } else {
    t.rejectUnauthorized = o.rejectUnauthorized !== false;
    if (o.ca && o.ca.trim() !== '') t.ca = o.ca;
  }
  if (o.servername && o.servername.trim() !== '') t.servername = o.servername.trim();
  return t;
}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|altnames|certificate/i;

/** What went wrong while connecting, in words an integrator can act on; never contains the password. */
export function describeConnectError(err: unknown, o: FtpServerOptions): FtpError {
  const where = `${o.host}:${o.port ?? 21}`;
  const sysCode = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  const text = scrub(errorText(err), [o.password]);
  if (err instanceof FtpError) return new FtpError(scrub(err.message, [o.password]), err.code, { transient: true, ftpCode: err.ftpCode });
  if (TLS_ERROR.test(sysCode) || TLS_ERROR.test(text)) {
    return new FtpError(
      `certificate of ${where} rejected: ${text} (trust its CA or certificate, or pin its fingerprint, in the server settings)`,
      'FTP_TLS',
      { transient: true },
    );
  }
  const code = replyCode(err);
  if (code === 530) return new FtpError(`login to ${where} refused: ${text}`, 'FTP_CONNECT', { transient: true, ftpCode: code });
  return new FtpError(`cannot connect to ${where}: ${text}`, 'FTP_CONNECT', { transient: true, ftpCode: code });
}

/**
 * SIZE answered, but not with a number: ftp-srv, for one, answers an empty file with
 * "213 File status" (basic-ftp then throws without a reply code). The file is there; its size is
 * unknown.
 */
function unreadableSize(e: FtpError): boolean {
  return e.code === 'FTP_BUSY' && e.ftpCode === undefined && /numerical value/i.test(e.message);
}

/**
 * The operations available inside one queued task. Paths are absolute, or relative to the login
 * directory; names are converted to the server's code page here and nowhere else.
 */
export class FtpSession {
  private valid = true;

  constructor(
    private readonly client: Client,
    private readonly codec: NameCodec,
    /** The login directory, for relative folders. */
    readonly home: string,
    private readonly ensured: Set<string>,
  ) {}

  /** Absolute path of a folder setting (relative folders are relative to the login directory). */
  abs(folder: string): string {
    const f = checkFolder(folder);
    if (f.startsWith('/')) return f;
    const h = this.home === '' ? '/' : this.home;
    if (f === '') return h;
    return h.endsWith('/') ? h + f : `${h}/${f}`;
  }

  invalidate(): void {
    this.valid = false;
  }

  private async op<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (!this.valid) throw new FtpError(`${what}: the FTP session of a finished task was used`, 'FTP_CLOSED');
    try {
      return await fn();
    } catch (err) {
      // Server texts carry names in the wire encoding; show them in the real one.
      throw classify(err, what, this.client.closed, this.codec.fromWire(errorText(err)));
    }
  }

  private w(path: string): string {
    return this.codec.toWire(path);
  }

  async list(folder: string): Promise<RemoteEntry[]> {
    const dir = this.abs(folder);
    return this.op(`list ${dir}`, async () => {
      const now = new Date();
      const items = await this.client.list(this.w(dir));
      const out: RemoteEntry[] = [];
      for (const it of items) {
        const name = baseName(this.codec.fromWire(it.name));
        if (name === '.' || name === '..' || name === '') continue;
        const type = it.type === FileType.File ? 'file' : it.type === FileType.Directory ? 'dir' : it.type === FileType.SymbolicLink ? 'link' : 'other';
        const rawTime = it.rawModifiedAt ?? '';
        const mtime = it.modifiedAt ?? parseListTime(rawTime, now);
        out.push({ name, size: it.size, type, rawTime, ...(mtime ? { mtime } : {}) });
      }
      return out;
    });
  }

  /** Whether a file exists: SIZE where the server has it, else a listing of the folder. */
  async exists(path: string): Promise<boolean> {
    try {
      await this.op(`size ${path}`, () => this.client.size(this.w(path)));
      return true;
    } catch (err) {
      const e = err as FtpError;
      if (e.code === 'FTP_NOT_FOUND') return false;
      if (e.ftpCode === 500 || e.ftpCode === 502 || e.ftpCode === 504 || unreadableSize(e)) {
        const i = path.lastIndexOf('/');
        const folder = i <= 0 ? (i === 0 ? '/' : '') : path.slice(0, i);
        const entries = await this.list(folder === '' ? this.home : folder);
        return entries.some((x) => x.name === baseName(path));
      }
      throw err;
    }
  }

  /** Size of a file, or undefined when the server has no SIZE command (or no answer we can read). */
  async size(path: string): Promise<number | undefined> {
    try {
      return await this.op(`size ${path}`, () => this.client.size(this.w(path)));
    } catch (err) {
      const e = err as FtpError;
      if (e.ftpCode === 500 || e.ftpCode === 502 || e.ftpCode === 504 || unreadableSize(e)) return undefined;
      throw err;
    }
  }

  /** Modification time via MDTM, or undefined when the server cannot tell. */
  async lastMod(path: string): Promise<Date | undefined> {
    try {
      const d = await this.op(`mdtm ${path}`, () => this.client.lastMod(this.w(path)));
      return Number.isNaN(d.getTime()) ? undefined : d;
    } catch (err) {
      if ((err as FtpError).transient && (err as FtpError).code === 'FTP_CONNECTION_LOST') throw err;
      return undefined;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    await this.op(`rename ${from} to ${to}`, () => this.client.rename(this.w(from), this.w(to)));
  }

  async remove(path: string): Promise<void> {
    await this.op(`delete ${path}`, () => this.client.remove(this.w(path)));
  }

  /** MKD of one folder, no parents: fails (not transient) when it exists, so it can serve as a lock. */
  async makeDir(path: string): Promise<void> {
    await this.op(`create folder ${path}`, () => this.client.send(`MKD ${this.w(path)}`));
  }

  /** RMD of one empty folder. */
  async removeDir(path: string): Promise<void> {
    await this.op(`remove folder ${path}`, () => this.client.send(`RMD ${this.w(path)}`));
  }

  async uploadBuffer(data: Buffer, path: string): Promise<void> {
    await this.op(`upload ${path}`, () => this.client.uploadFrom(Readable.from([data]), this.w(path)));
  }

  async uploadLocalFile(localPath: string, path: string): Promise<void> {
    await this.op(`upload ${path}`, () => this.client.uploadFrom(localPath, this.w(path)));
  }

  async downloadBuffer(path: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    await this.op(`download ${path}`, () => this.client.downloadTo(sink, this.w(path)));
    return Buffer.concat(chunks);
  }

  async downloadLocalFile(path: string, localPath: string): Promise<void> {
    await this.op(`download ${path}`, () => this.client.downloadTo(localPath, this.w(path)));
  }

  /** Whether a folder exists (by changing into it: some servers list a missing folder as empty). */
  async isDir(folder: string): Promise<boolean> {
    const dir = this.abs(folder);
    try {
      await this.op(`open folder ${dir}`, () => this.client.cd(this.w(dir)));
    } catch (err) {
      const e = err as FtpError;
      if (!e.transient) return false;
      throw err;
    }
    await this.op('return to the login folder', () => this.client.cd(this.w(this.home === '' ? '/' : this.home)));
    return true;
  }

  /** Create a folder (and its parents) unless this connection already made sure of it. */
  async ensureDir(folder: string): Promise<void> {
    const dir = this.abs(folder);
    if (this.ensured.has(dir)) return;
    await this.op(`create folder ${dir}`, async () => {
      await this.client.ensureDir(this.w(dir));
      await this.client.cd(this.w(this.home === '' ? '/' : this.home));
    });
    this.ensured.add(dir);
  }

  /** TLS details of the control connection, when it is encrypted. */
  tls(): { protocol: string | null; fingerprint256: string; subject: string; validTo: string } | undefined {
    const s = this.client.ftp.socket as TLSSocket;
    if (typeof s.getPeerCertificate !== 'function') return undefined;
    const c = s.getPeerCertificate();
    return {
      protocol: s.getProtocol(),
      fingerprint256: c.fingerprint256,
      subject: c.subject ? Object.entries(c.subject).map(([k, v]) => `${k}=${v}`).join(', ') : '',
      validTo: c.valid_to,
    };
  }
}

interface Task {
  label: string;
  fn: (s: FtpSession) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface FtpConnectionEvents {
  state: [state: ConnectionState, detail: string | undefined];
}

/**
 * Open a logged-in basic-ftp client. Exported for the connection test and the certificate probe;
 * everything else goes through FtpConnection.
 */
export async function openClient(o: FtpServerOptions, opts: { login?: boolean } = {}): Promise<Client> {
  if (!o.host) throw new FtpError('no FTP host configured', 'FTP_BAD_CONFIG');
  const codec = nameCodec(o.encoding ?? 'utf-8');
  const client = new Client(o.timeoutMs ?? 30000, { allowSeparateTransferHost: o.allowSeparateTransferHost === true });
  client.ftp.verbose = false;
  client.ftp.encoding = codec.controlEncoding;
  client.parseList = parseListing;
  if (o.transferMode === 'epsv') client.prepareTransfer = enterPassiveModeIPv6;
  else if (o.transferMode === 'pasv') client.prepareTransfer = o.allowSeparateTransferHost ? enterPassiveModeIPv4 : enterPassiveModeIPv4_forceControlHostIP;
  const secure = o.secure ?? 'none';
  const port = o.port ?? (secure === 'implicit' ? 990 : 21);
  try {
    const tls = tlsOptionsFor(o);
    if (secure === 'implicit') await client.connectImplicitTLS(o.host, port, tls);
    else await client.connect(o.host, port);
    if (secure === 'explicit') await client.useTLS({ ...tls, host: o.host });
    if (secure !== 'none' && o.fingerprint && o.fingerprint.trim() !== '') {
      const got = (client.ftp.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
      if (normalizeFingerprint(got) !== normalizeFingerprint(o.fingerprint)) {
        throw new FtpError(
          `certificate of ${o.host}:${port} does not match the pinned fingerprint (the server presented ${got})`,
          'FTP_TLS',
          { transient: true },
        );
      }
    }
    if (opts.login === false) return client;
    await client.login(codec.toWire(o.user || 'anonymous'), codec.toWire(o.password ?? ''));
    // What basic-ftp's useDefaultSettings does, minus "OPTS UTF8 ON" for servers whose names are
    // in a Windows code page: that option would make some servers decode our bytes as UTF-8.
    const features = await client.features();
    if (features.has('MLST')) client.availableListCommands = ['MLSD', 'LIST -a', 'LIST'];
    await client.send('TYPE I');
    await client.sendIgnoringError('STRU F');
    if (codec.controlEncoding === 'utf8') await client.sendIgnoringError('OPTS UTF8 ON');
    if (features.has('MLST')) await client.sendIgnoringError('OPTS MLST type;size;modify;unique;');
    if (client.ftp.hasTLS) {
      await client.sendIgnoringError('PBSZ 0');
      await client.sendIgnoringError('PROT P');
    }
    return client;
  } catch (err) {
    client.close();
    throw describeConnectError(err, { ...o, port });
  }
}

export class FtpConnection extends EventEmitter<FtpConnectionEvents> {
  readonly options: Readonly<FtpServerOptions>;
  private readonly codec: NameCodec;
  private readonly log: LogFn;
  private client: Client | undefined;
  private home = '/';
  private ensured = new Set<string>();
  private queue: Task[] = [];
  private running: Promise<void> | undefined;
  private lastUsed = 0;
  private failures = 0;
  private nextConnectAt = 0;
  private lastError: FtpError | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keep = false;
  private closedFlag = false;
  private stateValue: ConnectionState = 'idle';
  private stateDetail: string | undefined;

  constructor(options: FtpServerOptions, deps: { log?: LogFn } = {}) {
    super();
    this.options = { ...options };
    this.codec = nameCodec(options.encoding ?? 'utf-8');
    this.log = deps.log ?? (() => undefined);
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get detail(): string | undefined {
    return this.stateDetail;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Where this connection points, for messages (never the password). */
  get label(): string {
    return `ftp://${this.options.user ? `${this.options.user}@` : ''}${this.options.host}:${this.options.port ?? 21}`;
  }

  private setState(s: ConnectionState, detail?: string): void {
    if (s === this.stateValue && detail === this.stateDetail) return;
    this.stateValue = s;
    this.stateDetail = detail;
    this.emit('state', s, detail);
  }

  /**
   * While true (someone uses this server), a dropped connection is re-established in the
   * background with backoff; while false the connection is opened on demand and closed when idle.
   */
  keepConnected(keep: boolean): void {
    this.keep = keep;
    if (keep) {
      if (!this.client || this.client.closed) this.scheduleReconnect(Math.max(0, this.nextConnectAt - Date.now()));
    } else {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      if (!this.running && this.queue.length === 0) this.dropClient('idle');
    }
  }

  /** Queue an operation; it runs alone on the logged-in client. */
  run<T>(label: string, fn: (s: FtpSession) => Promise<T>): Promise<T> {
    if (this.closedFlag) return Promise.reject(new FtpError(`${label}: the FTP connection is closed`, 'FTP_CLOSED', { transient: true }));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ label, fn, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Number of operations waiting (not counting the running one). */
  get pending(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const task = this.queue.shift() as Task;
    this.running = this.execute(task).finally(() => {
      this.running = undefined;
      setImmediate(() => this.pump());
    });
  }

  private async execute(task: Task): Promise<void> {
    let client: Client;
    try {
      client = await this.ensureClient();
    } catch (err) {
      task.reject(err);
      return;
    }
    const session = new FtpSession(client, this.codec, this.home, this.ensured);
    try {
      task.resolve(await task.fn(session));
    } catch (err) {
      if (client.closed && this.client === client) {
        this.dropClient('lost', errorText(err));
        this.scheduleReconnect(this.options.reconnectMinMs ?? 1000);
      }
      task.reject(err instanceof FtpError ? err : classify(err, task.label, client.closed));
    } finally {
      session.invalidate();
      this.lastUsed = Date.now();
    }
  }

  private async ensureClient(): Promise<Client> {
    if (this.closedFlag) throw new FtpError('the FTP connection is closed', 'FTP_CLOSED', { transient: true });
    const c = this.client;
    if (c && !c.closed) {
      const idleCheck = this.options.idleCheckMs ?? 10000;
      if (Date.now() - this.lastUsed < idleCheck) return c;
      try {
        await c.send('NOOP');
        return c;
      } catch (err) {
        this.log('debug', `${this.label}: idle connection is gone (${errorText(err)}), reconnecting`);
        this.dropClient('stale');
      }
    } else if (c) {
      this.dropClient('lost');
    }
    if (this.failures > 0 && Date.now() < this.nextConnectAt && this.lastError) {
      // Do not hammer a server that just refused us: fail fast until the backoff has passed.
      this.scheduleReconnect(this.nextConnectAt - Date.now());
      throw this.lastError;
    }
    this.setState('connecting');
    try {
      const client = await openClient(this.options);
      if (this.closedFlag) {
        client.close();
        throw new FtpError('the FTP connection is closed', 'FTP_CLOSED', { transient: true });
      }
      this.home = this.codec.fromWire(await client.pwd());
      this.client = client;
      this.ensured = new Set();
      this.failures = 0;
      this.lastError = undefined;
      this.lastUsed = Date.now();
      // basic-ftp removes every socket listener when it closes the context, but a listener
      // registered for the event being emitted still runs: so listen to each way a socket ends.
      const dropped = (): void => {
        if (this.client === client && !this.closedFlag) {
          this.dropClient('lost', 'the server closed the connection');
          this.scheduleReconnect(this.options.reconnectMinMs ?? 1000);
        }
      };
      for (const ev of ['end', 'close', 'error'] as const) client.ftp.socket.once(ev, dropped);
      this.setState('connected');
      return client;
    } catch (err) {
      const e = err instanceof FtpError ? err : describeConnectError(err, this.options);
      this.failures++;
      const min = this.options.reconnectMinMs ?? 1000;
      const max = this.options.reconnectMaxMs ?? 60000;
      const delay = Math.min(max, min * 2 ** Math.min(this.failures - 1, 20));
      this.nextConnectAt = Date.now() + delay;
      this.lastError = e;
      if (!this.closedFlag) {
        this.setState('disconnected', e.message);
        this.log('warn', `${this.label}: ${e.message}; next attempt in ${Math.round(delay / 1000)} s`);
        this.scheduleReconnect(delay);
      }
      throw e;
    }
  }

  private dropClient(why: 'lost' | 'stale' | 'idle' | 'closed', detail?: string): void {
    const c = this.client;
    this.client = undefined;
    if (c) c.close();
    if (this.closedFlag) return;
    if (why === 'lost') this.setState('disconnected', detail);
    else if (why === 'idle') this.setState('idle');
  }

  private scheduleReconnect(delay: number): void {
    if (!this.keep || this.closedFlag || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.client && !this.client.closed) return;
      // A no-op task: connecting happens in the queue, so it never races a running operation.
      this.run('reconnect', async () => undefined).catch(() => undefined);
    }, Math.max(0, delay));
  }

  /** Connect now (if not connected) and resolve when logged in; rejects with the reason otherwise. */
  async connect(): Promise<void> {
    await this.run('connect', async () => undefined);
  }

  /**
   * Close for good: queued operations are rejected, the running one gets `graceMs` to finish (an
   * ack in flight should land), then the socket is closed.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const queued = this.queue;
    this.queue = [];
    for (const t of queued) t.reject(new FtpError(`${t.label}: the FTP connection was closed`, 'FTP_CLOSED', { transient: true }));
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      if (timer) clearTimeout(timer);
    }
    const c = this.client;
    this.client = undefined;
    if (c) c.close();
    this.setState('closed');
    this.removeAllListeners();
  }
}
