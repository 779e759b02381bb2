/**
 * A full Node-RED runtime in its own process (so a test can stop it and start another on the same
 * user dir, as a restart does), with the compiled woocommerce nodes and two test nodes: `wc-sink`
 * forwards every msg it receives to the parent over IPC, `wc-source` sends a msg the parent injects.
 * Context storage: `default` in memory, `file` = localfilesystem in the user dir (cached, flushed
 * every 30 s and on stop), `disk` = localfilesystem without cache (every write on disk before its
 * callback: what survives a SIGKILL).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ChildConfig {
  userDir: string;
  nodesDir: string;
  flows: object[];
  credentials: Record<string, Record<string, string>>;
}
export type ChildCommand = { cmd: 'inject'; node: string; msg: Record<string, unknown> } | { cmd: 'stop' };

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;

async function main(): Promise<void> {
  fs.writeFileSync(path.join(cfg.userDir, 'flows.json'), JSON.stringify(cfg.flows));
  // plain credentials (credentialSecret false): Node-RED reads them as they are
  fs.writeFileSync(path.join(cfg.userDir, 'flows_cred.json'), JSON.stringify(cfg.credentials));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as RedRuntime;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as () => http.RequestListener & { use(p: string, h: unknown): void };
  const server = http.createServer();
  RED.init(server, {
    userDir: cfg.userDir,
    nodesDir: cfg.nodesDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/admin',
    httpNodeRoot: '/',
    logging: { console: { level: process.env.WC_TEST_LOG ?? 'off', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    contextStorage: {
      default: { module: 'memory' },
      file: { module: 'localfilesystem' },
      disk: { module: 'localfilesystem', config: { cache: false, base: 'context-disk' } },
    },
  });
  const app = express();
  app.use('/admin', RED.httpAdmin);
  app.use('/', RED.httpNode);
  server.on('request', app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.on('message', (c: ChildCommand) => {
    if (c.cmd === 'stop') {
      void (async () => {
        await RED.stop();
        server.closeAllConnections();
        server.close();
        process.exit(0);
      })();
    }
  });
  // the parent needs the URL before the flows start (webhook delivery URLs)
  process.send?.({ listening: url });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { events } = require('@node-red/util') as { events: { once(e: string, f: () => void): void } };
  const started = new Promise<void>((r) => events.once('flows:started', () => r()));
  await RED.start();
  await started;
  process.send?.({ ready: url });
}

main().catch((err: unknown) => {
  process.stderr.write(`runtime-child: ${String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(1);
});
