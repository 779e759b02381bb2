/**
 * A full Node-RED runtime in its own process (so a flow that loops or leaks cannot take the test
 * process down, and its memory is its own): the package linked into the user dir as an installed
 * module, the shop-api node file from a nodes dir when package.json does not list it yet, the
 * given flows and credentials. Logs go to stdout (the parent reads them); over IPC it says
 * `{ready, port}` and answers `{cmd: 'mem'}` with its memory after a full GC.
 * Usage: node --expose-gc runtime-child.js <config.json>
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { installNodeFiles } from '../support/node-files';

interface Config {
  userDir: string;
  flows: object[];
  credentials: Record<string, Record<string, string>>;
}

export interface MemReport {
  rss: number;
  heapUsed: number;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { linkPackage } = require(path.join(repoRoot, 'scripts', 'nodered.js')) as { linkPackage(dir: string): void };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.join(repoRoot, 'package.json')) as { 'node-red': { nodes: Record<string, string> } };
  fs.mkdirSync(cfg.userDir, { recursive: true });
  linkPackage(cfg.userDir);
  let nodesDir: string | undefined;
  if (!Object.values(pkg['node-red'].nodes).some((f) => f.includes('pyramid-shop-api'))) {
    nodesDir = path.join(cfg.userDir, 'extra-nodes');
    installNodeFiles(nodesDir, 'pyramid-shop-api');
  }
  fs.writeFileSync(path.join(cfg.userDir, 'flows.json'), JSON.stringify(cfg.flows));
  fs.writeFileSync(path.join(cfg.userDir, 'flows_cred.json'), JSON.stringify(cfg.credentials), { mode: 0o600 });

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as {
    init(server: http.Server, settings: object): void;
    start(): Promise<void>;
    stop(): Promise<void>;
    httpNode: http.RequestListener;
  };
  const server = http.createServer();
  RED.init(server, {
    userDir: cfg.userDir,
    nodesDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    logging: { console: { level: 'info', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    functionExternalModules: true,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    functionGlobalContext: {},
    contextStorage: { default: { module: 'memory' } },
  });
  server.on('request', RED.httpNode);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { events } = require('@node-red/util') as { events: { once(e: string, fn: () => void): void } };
  const started = new Promise<void>((r) => events.once('flows:started', r));
  await RED.start();
  await started;
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'mem') {
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      process.send?.({ mem: { rss: u.rss, heapUsed: u.heapUsed } satisfies MemReport });
    } else if (m.cmd === 'stop') {
      void RED.stop().finally(() => process.exit(0));
    }
  });
  process.send?.({ ready: true, port: (server.address() as AddressInfo).port });
}

main().catch((e: unknown) => {
  process.stderr.write(`runtime-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
