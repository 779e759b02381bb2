/**
 * Debian's redis-server, started by a test on a free port with its own directory (no persistence
 * files outside it, no config from /etc). `redisServerPath()` is undefined where it is not installed
 * (`apt-get install redis-server`), and the suites skip with that message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REDIS_MISSING = 'redis-server is not installed (apt-get install redis-server): skipped';

export function redisServerPath(): string | undefined {
  for (const p of [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (p && fs.existsSync(p)) return p;
  }
  return undefined;
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  /** Stops it for good (SIGTERM, waits for the exit) and removes its directory. */
  stop(): Promise<void>;
  /** Kills it (SIGKILL), keeping the port and directory, so start() brings the same server back. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after kill()). */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    sock.once('error', () => resolve(false));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        sock.destroy();
        resolve(buf.startsWith('+PONG'));
      }
    });
    sock.once('connect', () => sock.write('PING\r\n'));
  });
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerPath();
  if (!bin) throw new Error(REDIS_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-redis-'));
  let child: ChildProcess | undefined;
  let port = 0;
  let stderr = '';

  const launch = async (): Promise<void> => {
    // appendonly with fsync always: a killed server keeps every acknowledged write, as a production one configured for it
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    // wait for the condition (it answers PING), not for a time; give up if it exits
    let dead = false;
    void exited.then(() => (dead = true));
    const end = Date.now() + 30_000;
    while (Date.now() < end && !dead) {
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`redis-server did not start on port ${port}${stderr ? `: ${stderr}` : ''}`);
  };

  // a free port may be taken between asking and binding: try a few
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (e) {
      if (attempt >= 4) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }

  const waitExit = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => c.once('exit', () => resolve()));
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => {
      child?.kill('SIGTERM');
      await waitExit();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      child?.kill('SIGKILL');
      await waitExit();
    },
    start: launch,
  };
}
