/**
 * An FTP server in its own process, so a test can have it die for real (SIGKILL) in the middle of
 * a transfer: `killAfterBytes` kills it once that many bytes of an upload have arrived,
 * `killOnRead` when a file whose path contains that text is about to be sent.
 * Run by fixtures.spawnFtpServer; reports `{ ready: true }` over IPC when listening.
 */
import { startFtpServer } from './fixtures';

interface Config {
  root: string;
  port: number;
  user: string;
  password: string;
  killAfterBytes?: number;
  killOnRead?: string;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
let received = 0;

function die(): void {
  process.kill(process.pid, 'SIGKILL');
}

startFtpServer({
  root: cfg.root,
  port: cfg.port,
  user: cfg.user,
  password: cfg.password,
  hooks: {
    onData: (_p, bytes) => {
      received += bytes;
      if (cfg.killAfterBytes !== undefined && received >= cfg.killAfterBytes) die();
    },
    onRead: (p) => {
      if (cfg.killOnRead && p.includes(cfg.killOnRead)) die();
    },
  },
}).then(
  () => process.send?.({ ready: true }),
  (err: unknown) => {
    process.stderr.write(`server-process: ${String(err)}\n`);
    process.exit(1);
  },
);
