/**
 * Test fixtures for the FTP suite: an embedded ftp-srv on 127.0.0.1 with a free port, optionally
 * with (explicit or implicit) TLS and a self-signed certificate made by openssl, optionally
 * behaving like a Windows server whose file names are Windows-1252 bytes; plus temp dirs.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSystem, FtpSrv } from 'ftp-srv';
import * as iconv from 'iconv-lite';
import type { FtpServerOptions } from '../../lib/ftp';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pyr-ftp-${prefix}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestCert {
  key: string;
  cert: string;
  fingerprint256: string;
}

/** A self-signed certificate for 127.0.0.1 (and `localhost`), made by the openssl CLI. */
export function makeCert(dir: string, cn = '127.0.0.1'): TestCert {
  const key = path.join(dir, `${cn}.key`);
  const crt = path.join(dir, `${cn}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '2', '-subj', `/CN=${cn}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(crt, 'utf8');
  return { key: fs.readFileSync(key, 'utf8'), cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}

/** ftp-srv logs through bunyan; tests keep quiet. */
const quietLog = {
  child() {
    return quietLog;
  },
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

export interface ServerHooks {
  /** Called when a client starts writing a file (fs path). */
  onWrite?: (fsPath: string) => void;
  /** Called for each chunk written; return nothing. */
  onData?: (fsPath: string, bytes: number) => void;
  /** Called before a rename; a promise it returns holds the rename until it settles. */
  onRename?: (from: string, to: string) => void | Promise<void>;
  /** Called before a file is read (fs path); throwing makes the read fail like a server error. */
  onRead?: (fsPath: string) => void;
  /** Called for each folder listing (the path as the client sent it). */
  onList?: (clientPath: string) => void;
  /** Called for each look at one path (SIZE, RNFR, DELE ...; the path as the client sent it). */
  onStat?: (clientPath: string) => void;
}

type Stat = fs.Stats & { name: string };

/**
 * A FileSystem that records what happens and, for a Windows-1252 server, keeps the names as they
 * would be on such a server: the bytes on the wire are cp1252, the names on disk are the characters.
 */
class RecordingFs extends FileSystem {
  constructor(
    connection: ConstructorParameters<typeof FileSystem>[0],
    opts: { root: string; cwd: string },
    private readonly hooks: ServerHooks,
    private readonly cp1252: boolean,
  ) {
    super(connection, opts);
  }

  private n(p: string): string {
    return this.cp1252 ? iconv.decode(Buffer.from(p, 'latin1'), 'win1252') : p;
  }

  private w(p: string): string {
    return this.cp1252 ? iconv.encode(p, 'win1252').toString('latin1') : p;
  }

  override currentDirectory(): string {
    return this.w(super.currentDirectory());
  }

  override get(fileName: string): Promise<Stat> {
    this.hooks.onStat?.(this.n(fileName));
    return super.get(this.n(fileName)).then((s: Stat) => {
      s.name = fileName;
      return s;
    });
  }

  override list(p = '.'): Promise<Stat[]> {
    this.hooks.onList?.(this.n(p));
    return super.list(this.n(p)).then((items: Stat[]) =>
      items.map((s) => {
        s.name = this.w(s.name);
        return s;
      }),
    );
  }

  override chdir(p = '.'): Promise<string> {
    return super.chdir(this.n(p)).then(() => this.currentDirectory());
  }

  override write(fileName: string, opts?: { append?: boolean; start?: unknown }): { stream: fs.WriteStream; clientPath: string } {
    const r = super.write(this.n(fileName), opts) as { stream: fs.WriteStream; clientPath: string };
    const fsPath = r.stream.path as string;
    this.hooks.onWrite?.(fsPath);
    if (this.hooks.onData) {
      const orig = r.stream.write.bind(r.stream) as (chunk: Buffer, ...rest: unknown[]) => boolean;
      (r.stream as unknown as { write: typeof orig }).write = (chunk: Buffer, ...rest: unknown[]) => {
        this.hooks.onData?.(fsPath, chunk.length);
        return orig(chunk, ...rest);
      };
    }
    return r;
  }

  override read(fileName: string, opts?: { start?: unknown }): Promise<unknown> {
    if (this.hooks.onRead) {
      try {
        this.hooks.onRead(path.join(this.root, this.n(fileName)));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return super.read(this.n(fileName), opts);
  }

  override delete(p: string): Promise<unknown> {
    return super.delete(this.n(p));
  }

  override mkdir(p: string): Promise<unknown> {
    return super.mkdir(this.n(p));
  }

  override async rename(from: string, to: string): Promise<unknown> {
    await this.hooks.onRename?.(this.n(from), this.n(to));
    return super.rename(this.n(from), this.n(to));
  }
}

export interface TestServerOptions {
  root?: string;
  port?: number;
  user?: string;
  password?: string;
  tls?: TestCert;
  implicit?: boolean;
  /** Behave like a server whose names are Windows-1252 bytes (and ignore OPTS UTF8). */
  cp1252?: boolean;
  hooks?: ServerHooks;
}

export interface FtpTestServer {
  host: string;
  port: number;
  root: string;
  user: string;
  password: string;
  /** Login attempts seen (user names). */
  logins: string[];
  /** Passwords offered at those logins (to prove where a password did not go). */
  passwords: string[];
  /** Open control connections right now. */
  readonly connections: number;
  /** Stop listening and cut every client (a crash, from the client's point of view). */
  stop(): Promise<void>;
  /** Listen again on the same port with the same files. */
  start(): Promise<void>;
  /** Cut every client's control connection, keep listening. */
  dropClients(): void;
  /** Options for FtpConnection pointing at this server. */
  options(extra?: Partial<FtpServerOptions>): FtpServerOptions;
  /** Absolute local path of a path on the server. */
  local(...parts: string[]): string;
}

export async function startFtpServer(o: TestServerOptions = {}): Promise<FtpTestServer> {
  const root = o.root ?? tempDir('root');
  const port = o.port ?? (await freePort());
  const user = o.user ?? 'pyramid';
  const password = o.password ?? 'S3cret-Pass!word';
  const hooks = o.hooks ?? {};
  const logins: string[] = [];
  const passwords: string[] = [];
  const sockets = new Set<net.Socket>();
  let srv: FtpSrv | undefined;
  const pasvMin = 20000 + Math.floor(Math.random() * 400) * 100;

  async function start(): Promise<void> {
    const signals = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;
    const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
    const server = new FtpSrv({
      url: `${o.implicit ? 'ftps' : 'ftp'}://127.0.0.1:${port}`,
      pasv_url: '127.0.0.1',
      pasv_min: pasvMin,
      pasv_max: pasvMin + 99,
      anonymous: false,
      greeting: ['pyramid test server'],
      tls: o.tls ? { key: o.tls.key, cert: o.tls.cert } : false,
      log: quietLog,
    });
    // ftp-srv installs process-wide signal handlers per instance; tests start many instances.
    for (const sig of signals) {
      for (const l of process.listeners(sig)) if (!before.get(sig)?.has(l)) process.removeListener(sig, l);
    }
    server.on('login', ({ connection, username, password: pass }, resolve, reject) => {
      logins.push(username);
      passwords.push(pass);
      if (username !== user || pass !== password) {
        reject(new Error('Login incorrect'));
        return;
      }
      resolve({ fs: new RecordingFs(connection as never, { root, cwd: '/' }, hooks, o.cp1252 === true) });
    });
    (server as unknown as { server: net.Server }).server.on('connection', (s: net.Socket) => {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    if (o.cp1252) {
      // A Windows server with a code-page file system: bytes in, bytes out, whatever OPTS UTF8 says.
      server.on('connect' as never, (({ connection }: { connection: { encoding: string } }) => {
        Object.defineProperty(connection, 'encoding', { get: () => 'latin1', set: () => undefined, configurable: true });
      }) as never);
    }
    await server.listen();
    srv = server;
  }

  async function stop(): Promise<void> {
    const s = srv;
    srv = undefined;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await s.close();
  }

  await start();
  return {
    host: '127.0.0.1',
    port,
    root,
    user,
    password,
    logins,
    passwords,
    get connections() {
      return sockets.size;
    },
    stop,
    start,
    dropClients() {
      for (const sock of sockets) sock.destroy();
    },
    options(extra: Partial<FtpServerOptions> = {}): FtpServerOptions {
      return {
        host: '127.0.0.1',
        port,
        user,
        password,
        timeoutMs: 10000,
        reconnectMinMs: 50,
        reconnectMaxMs: 500,
        ...(o.tls ? { secure: o.implicit ? 'implicit' : 'explicit' } : {}),
        ...(o.cp1252 ? { encoding: 'windows-1252' } : {}),
        ...extra,
      } as FtpServerOptions;
    },
    local(...parts: string[]): string {
      return path.join(root, ...parts);
    },
  };
}

/** Wait until `check` returns a truthy value; a generous limit only guards against hanging. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, limitMs = 20000): Promise<NonNullable<T>> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Files (not folders) in a local directory, sorted. */
export function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

export interface SpawnedServer {
  child: ChildProcess;
  /** Resolves with the signal that ended the process (e.g. 'SIGKILL'). */
  exited: Promise<NodeJS.Signals | null>;
}

/**
 * Start an FTP server in a child process (see server-process.ts) that kills itself on cue, for
 * "the server died in the middle of a transfer" without faking anything in this process.
 */
export async function spawnFtpServer(cfg: {
  root: string;
  port: number;
  user?: string;
  password?: string;
  killAfterBytes?: number;
  killOnRead?: string;
}): Promise<SpawnedServer> {
  const full = { user: 'pyramid', password: 'S3cret-Pass!word', ...cfg };
  const child = fork(path.join(__dirname, 'server-process.js'), [JSON.stringify(full)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`FTP server process ended before it was ready (code ${code})`)));
  });
  return { child, exited };
}
