/**
 * A full Node-RED runtime (editor and admin API included) with the package's FTP, message and
 * web-service nodes and the pyramid-ops plugin, for the operations suites. The package is laid out
 * as Node-RED finds a module in `<userDir>/node_modules`: a package.json whose "node-red" section
 * names the compiled files in dist/nodes (their editor HTML, locales and icons sit beside them),
 * with the plugin under "plugins". Not the repository's own package.json: its plugin entry may not
 * be there yet, and two copies of one node type would not load.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { repoRoot } from '../support/paths';

export interface OpsRuntime {
  url: string;
  userDir: string;
  /** Deploy a flow as the editor does (POST /flows, full deploy), with an optional bearer token. */
  deploy(flows: object[], token?: string): Promise<void>;
  stop(): Promise<void>;
}

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
}

export interface RuntimeOptions {
  dir: string;
  flows: object[];
  credentials?: Record<string, Record<string, string>>;
  adminAuth?: object;
}

export const MODULE = 'pyramid-ops-under-test';

function layoutModule(userDir: string): void {
  const moduleDir = path.join(userDir, 'node_modules', MODULE);
  fs.mkdirSync(moduleDir, { recursive: true });
  const rel = (name: string) => path.relative(moduleDir, path.join(repoRoot, 'dist', 'nodes', `${name}.js`));
  fs.writeFileSync(
    path.join(moduleDir, 'package.json'),
    JSON.stringify({
      name: MODULE,
      version: '0.0.0',
      'node-red': {
        nodes: { 'pyramid-ftp': rel('pyramid-ftp'), 'pyramid-messages': rel('pyramid-messages'), 'pyramid-ws': rel('pyramid-ws') },
        plugins: { 'pyramid-ops': rel('pyramid-ops') },
      },
    }),
  );
}

export async function startOpsRuntime(o: RuntimeOptions): Promise<OpsRuntime> {
  const userDir = path.join(o.dir, 'user');
  fs.mkdirSync(userDir, { recursive: true });
  layoutModule(userDir);
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(o.flows), { mode: 0o600 });
  if (o.credentials) fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(o.credentials), { mode: 0o600 });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RED = require('node-red') as RedRuntime;
  const server = http.createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: '/api',
    uiHost: '127.0.0.1',
    logging: { console: { level: 'warn', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false }, tours: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    telemetry: { enabled: false, updateNotification: false },
    ...(o.adminAuth ? { adminAuth: o.adminAuth } : {}),
  });
  server.on('request', (req, res) => {
    if ((req.url ?? '').startsWith('/api/')) RED.httpNode(req, res);
    else RED.httpAdmin(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // RED.start() resolves before the flows run: wait for them
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { events } = require('@node-red/util') as { events: { on(e: string, f: () => void): void; removeListener(e: string, f: () => void): void } };
  const started = new Promise<void>((resolve) => {
    const onStart = () => {
      events.removeListener('flows:started', onStart);
      resolve();
    };
    events.on('flows:started', onStart);
  });
  await RED.start();
  await started;
  return {
    url,
    userDir,
    async deploy(flows, token) {
      const res = await fetch(`${url}/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'node-red-deployment-type': 'full', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(flows),
      });
      if (res.status !== 200 && res.status !== 204) throw new Error(`deploy: HTTP ${res.status} ${await res.text()}`);
    },
    async stop() {
      await RED.stop();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A Lagersaldo file; `bad` puts a quantity that is not a number into the second record. */
export function stockXml(bad: boolean): string {
  const rec = (code: string, onHand: string) =>
    `  <Artikelsaldo>\n    <Artikelkod>${code}</Artikelkod>\n    <Lagerstalle>01</Lagerstalle>\n    <Saldo>${onHand}</Saldo>\n    <Disponibelt>1</Disponibelt>\n  </Artikelsaldo>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="delta">\n' +
    rec('00123', '12') +
    rec('00124', bad ? 'tolv' : '7') +
    rec('00125', '3') +
    '</Lagersaldo>\n'
  );
}

/**
 * The FTP part of the test flow: poll /out (manual ack) -> pyramid-stock -> ack; a failure of the
 * stock node (Catch) -> reject with its reason, so the file lands in error/ with a .reason.txt.
 * `invalid`: the stock node's policy for invalid records ('fail' the whole file, or 'output').
 * The stock node has its second output in both, so switching the policy changes no wires: a
 * deploy through the admin API that rewires a node fails in Node-RED 4.1's Flow.start
 * ("Cannot read properties of undefined (reading 'wires')", core nodes alone do it too).
 */
export function ftpFlow(ftp: { host: string; port: number }, invalid: 'fail' | 'output', extra: object[] = []): object[] {
  return [
    { id: 'tab1', type: 'tab', label: 'Lager' },
    {
      id: 'srv',
      type: 'pyramid-ftp-server',
      name: 'Pyramid FTP',
      host: ftp.host,
      port: ftp.port,
      secure: 'none',
      verify: true,
      transfer: 'auto',
      timeout: 10,
      encoding: 'utf-8',
      outFolder: '/out',
      inFolder: '/in',
      processingFolder: 'processing',
      archiveFolder: 'archive',
      errorFolder: 'error',
      retryMin: 3600,
      retryMax: 3600,
    },
    { id: 'in1', z: 'tab1', type: 'pyramid-ftp-in', name: 'poll', server: 'srv', folder: '', pattern: '*.xml', interval: 0.3, stable: 'look', settle: 0, marker: '.done', maxPerCycle: 50, ack: 'manual', lease: 600, spoolMb: 16, wires: [['stock1']] },
    { id: 'stock1', z: 'tab1', type: 'pyramid-stock', name: 'Lagersaldo', mode: 'parse', part: 'file', encoding: 'auto', encodingType: 'str', split: 'none', batchSize: 1000, invalid, outputs: 2, wires: [['ack1'], []] },
    { id: 'ack1', z: 'tab1', type: 'pyramid-ftp-out', name: 'ack', server: 'srv', action: 'ack', folder: '', filename: '', overwrite: false, wires: [[]] },
    { id: 'catch1', z: 'tab1', type: 'catch', name: '', scope: ['stock1'], uncaught: false, wires: [['rej1']] },
    { id: 'rej1', z: 'tab1', type: 'pyramid-ftp-out', name: 'reject', server: 'srv', action: 'reject', folder: '', filename: '', overwrite: false, wires: [[]] },
    ...extra,
  ];
}

/** Wait until `check` returns a truthy value; the limit only guards against hanging. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, limitMs = 60_000): Promise<NonNullable<T>> {
  const until = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
