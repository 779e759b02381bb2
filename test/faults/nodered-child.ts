/**
 * Node-RED in its own process, so a fault test can SIGKILL it at any point and start another on the
 * same user dir (a crash and a restart). The settings are the demo's (scripts/nodered.js: the
 * package linked into the user dir, function nodes may use Node's modules, httpNodeRoot /); the
 * default context store is the file-backed one as in the demo, or the Redis store (lib/context)
 * shared by several instances. Reports `{ ready: url }` over IPC once the flows run.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ChildConfig {
  userDir: string;
  port: number;
  /** Written to the user dir when given (a first start); a restart keeps what is there. */
  flows?: object[];
  credentials?: Record<string, unknown>;
  /** 'file': localfilesystem (the demo); otherwise the Redis store at this URL and prefix. */
  context: 'file' | { redisUrl: string; prefix: string; cache?: boolean };
  logLevel?: string;
}

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
}

const root = path.resolve(__dirname, '..', '..', '..');
const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;

async function main(): Promise<void> {
  fs.mkdirSync(cfg.userDir, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { linkPackage } = require(path.join(root, 'scripts', 'nodered.js')) as { linkPackage(dir: string): void };
  linkPackage(cfg.userDir);
  if (cfg.flows) fs.writeFileSync(path.join(cfg.userDir, 'flows.json'), JSON.stringify(cfg.flows));
  if (cfg.credentials) fs.writeFileSync(path.join(cfg.userDir, 'flows_cred.json'), JSON.stringify(cfg.credentials), { mode: 0o600 });
  const contextStorage =
    cfg.context === 'file'
      ? { default: 'file', file: { module: 'localfilesystem', config: { flushInterval: 1 } }, memory: { module: 'memory' } }
      : {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          default: { module: require(path.join(root, 'dist', 'lib', 'context', 'redis.js')) as unknown, config: { url: cfg.context.redisUrl, prefix: cfg.context.prefix, cache: cfg.context.cache ?? false } },
          memory: { module: 'memory' },
        };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as RedRuntime;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as () => http.RequestListener & { use(p: string, h: unknown): void };
  const server = http.createServer();
  RED.init(server, {
    userDir: cfg.userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    logging: { console: { level: cfg.logLevel ?? 'warn', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    functionExternalModules: true,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    functionGlobalContext: {},
    contextStorage,
  });
  const app = express();
  // the flow's routes first: the editor's app parses every body it sees, and the shop-facing
  // endpoints check signatures over the raw bytes
  app.use('/', RED.httpNode);
  app.use('/', RED.httpAdmin);
  server.on('request', app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.on('message', (c: { cmd: string }) => {
    if (c.cmd === 'stop') {
      void (async () => {
        await RED.stop();
        server.closeAllConnections();
        server.close();
        process.exit(0);
      })();
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { events } = require('@node-red/util') as { events: { once(e: string, f: () => void): void } };
  const started = new Promise<void>((r) => events.once('flows:started', () => r()));
  await RED.start();
  await started;
  process.send?.({ ready: url });
}

main().catch((err: unknown) => {
  process.stderr.write(`nodered-child: ${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
