/**
 * Pyramid's FTP server: ftp-srv on loopback, rooted at the data folder, user/password login,
 * passive mode on 127.0.0.1 over a port range found free at start. ftp-srv's file system supports
 * what the integration needs: LIST, RETR, STOR, DELE, MKD, SIZE, MDTM and RNFR/RNTO (the FTP
 * nodes claim files by renaming them into processing/).
 */
import * as net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { FtpSrv } from 'ftp-srv';
import type { LogFn } from './sim';

export interface FtpOptions {
  host: string;
  port: number;
  root: string;
  user: string;
  password: string;
  log: LogFn;
}

export interface FtpHandle {
  port: number;
  pasvRange: [number, number];
  close(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's choice). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** ftp-srv expects a bunyan logger; this one passes only message texts on, at debug level. */
function logger(log: LogFn): unknown {
  const pass = (level: 'warn' | 'error') => (...args: unknown[]) => {
    const text = args.filter((a): a is string => typeof a === 'string').join(' ');
    const err = args.find((a): a is Error => a instanceof Error) ?? (args[0] as { error?: unknown } | undefined)?.error;
    const detail = err instanceof Error ? `: ${err.message}` : '';
    log('debug', `ftp ${level}: ${text}${detail}`);
  };
  const noop = () => undefined;
  const l: Record<string, unknown> = { trace: noop, debug: noop, info: noop, warn: pass('warn'), error: pass('error'), fatal: pass('error') };
  l.child = () => l;
  return l;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

export async function startFtp(o: FtpOptions): Promise<FtpHandle> {
  const pasvMin = await freePort(o.host);
  const pasvMax = Math.min(65535, pasvMin + 63);
  // ftp-srv installs process-wide signal handlers that exit the process; the embedding program
  // (npm start, a test runner) owns those signals, so they are taken out again below
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const server = new FtpSrv({
    url: `ftp://${o.host}:${o.port}`,
    pasv_url: o.host,
    pasv_min: pasvMin,
    pasv_max: pasvMax,
    anonymous: false,
    greeting: ['Pyramid Business Studio (simulated) FTP'],
    log: logger(o.log),
  });
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l as (...a: unknown[]) => void);
  }
  server.on('login', ({ username, password }: { username: string; password: string }, resolve: (c: { root: string }) => void, reject: (e: Error) => void) => {
    if (sameText(username, o.user) && sameText(password, o.password)) resolve({ root: o.root });
    else {
      o.log('info', `ftp: login refused for user ${JSON.stringify(username)}`);
      reject(new Error('Invalid user name or password'));
    }
  });
  server.on('client-error', ({ error }: { error?: Error }) => o.log('debug', `ftp client error: ${error?.message ?? 'unknown'}`));
  await server.listen();
  const inner = (server as unknown as { server: net.Server }).server;
  const port = (inner.address() as net.AddressInfo).port;
  return {
    port,
    pasvRange: [pasvMin, pasvMax],
    close: async () => {
      await Promise.race([server.close(), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}
