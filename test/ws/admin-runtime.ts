/**
 * A full Node-RED runtime for the pyramid-ws admin-endpoint tests: the node files loaded as
 * Node-RED loads them (editor HTML and locale beside the compiled node file), one endpoint `ep1` on
 * the given WSDL with a pyramid-ws node, and editor authentication by bearer tokens the test lists
 * (checked by the test, so no Node-RED session outlives RED.stop()).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { installNodeFiles } from '../support/node-files';
import { tmpDir } from './support';

interface RedRuntime {
  events: { once(event: string, listener: () => void): void };
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
}

export type Tokens = Record<string, { username: string; permissions: string | string[] }>;

export interface AdminRuntime {
  /** http://127.0.0.1:<port> of the admin API. */
  base: string;
  stop(): Promise<void>;
}

export async function startAdminRuntime(wsdlUrl: string, tokens: Tokens, prefix: string): Promise<AdminRuntime> {
  const dir = tmpDir(prefix);
  const nodesDir = path.join(dir, 'nodes');
  installNodeFiles(nodesDir, 'pyramid-ws');
  const userDir = path.join(dir, 'user');
  fs.mkdirSync(userDir);
  fs.writeFileSync(
    path.join(userDir, 'flows.json'),
    JSON.stringify([
      { id: 't1', type: 'tab', label: 'ws' },
      { id: 'ep1', type: 'pyramid-ws-endpoint', name: 'wts', wsdl: wsdlUrl, auth: 'none', verifyTls: true, timeout: 10, retries: 0 },
      { id: 'n1', z: 't1', type: 'pyramid-ws', endpoint: 'ep1', operation: 'Bilder', debug: false, wires: [] },
    ]),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as RedRuntime;
  const server = http.createServer();
  RED.init(server, {
    userDir,
    nodesDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: '/api',
    logging: { console: { level: 'off' } },
    editorTheme: { projects: { enabled: false }, tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    adminAuth: {
      type: 'credentials',
      users: () => Promise.resolve(null),
      authenticate: () => Promise.resolve(null),
      tokens: (token: string) => Promise.resolve(tokens[token] ?? null),
    },
  });
  server.on('request', RED.httpAdmin);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // RED.start() resolves before the flows have started: a request before that finds no deployed
  // endpoint (a dialog answer then needs write permission), so wait for the runtime's own event
  const started = new Promise<void>((r) => RED.events.once('flows:started', () => r()));
  await RED.start();
  await started;
  return {
    base,
    async stop() {
      await RED.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
