/**
 * The operation-list admin endpoint in a full Node-RED runtime with editor authentication on:
 * it answers only to a logged-in user (permission `pyramid-ws-endpoint.read`), and the node files
 * load as Node-RED loads them (editor HTML and locale beside the compiled node file).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { installNodeFiles } from '../support/node-files';
import { startEshopServer, tmpDir, type TestSoapServer } from './support';

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
}

async function request(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const r = await fetch(url, init);
  return { status: r.status, body: await r.text() };
}

const TOKENS: Record<string, { username: string; permissions: string | string[] }> = {
  'ops-token-1': { username: 'ops', permissions: 'read' },
  'flows-only-1': { username: 'viewer', permissions: ['flows.read'] },
};

describe('pyramid-ws-endpoint admin endpoint with adminAuth', () => {
  let soapServer: TestSoapServer;
  let dir: string;
  let server: http.Server;
  let RED: RedRuntime;
  let base: string;

  before(async () => {
    soapServer = await startEshopServer();
    dir = tmpDir('pyr-ws-admin-');
    const nodesDir = path.join(dir, 'nodes');
    // Node-RED finds a node by its .js with the .html and locale beside it: load the compiled node
    // through a one-line file next to copies of the sources' editor files.
    installNodeFiles(nodesDir, 'pyramid-ws');
    const userDir = path.join(dir, 'user');
    fs.mkdirSync(userDir);
    fs.writeFileSync(
      path.join(userDir, 'flows.json'),
      JSON.stringify([
        { id: 't1', type: 'tab', label: 'ws' },
        { id: 'ep1', type: 'pyramid-ws-endpoint', name: 'wts', wsdl: soapServer.wsdlUrl, auth: 'none', verifyTls: true, timeout: 10, retries: 0 },
        { id: 'n1', z: 't1', type: 'pyramid-ws', endpoint: 'ep1', operation: 'Bilder', debug: false, wires: [] },
      ]),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RED = require('node-red') as RedRuntime;
    server = http.createServer();
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
        // tokens checked by us: no Node-RED sessions (whose expiry timer outlives RED.stop())
        tokens: (token: string) => Promise.resolve(TOKENS[token] ?? null),
      },
    });
    server.on('request', RED.httpAdmin);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await RED.start();
  });

  after(async () => {
    await RED.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await soapServer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the operation list without a login', async () => {
    const r = await request(`${base}/pyramid-ws-endpoint/ep1/operations`);
    assert.equal(r.status, 401);
    assert.ok(!r.body.includes('Inloggning'));
  });

  it('refuses a user without the read permission for it', async () => {
    const r = await request(`${base}/pyramid-ws-endpoint/ep1/operations`, { headers: { Authorization: 'Bearer flows-only-1' } });
    assert.ok(r.status === 401 || r.status === 403, String(r.status));
  });

  it('answers a logged-in user with the deployed endpoint\'s operations', async () => {
    const auth = { Authorization: 'Bearer ops-token-1' };
    const r = await request(`${base}/pyramid-ws-endpoint/ep1/operations`, { headers: auth });
    assert.equal(r.status, 200, r.body);
    const ops = (JSON.parse(r.body) as { operations: { name: string; catalogueType?: string }[] }).operations;
    assert.deepEqual(
      ops.map((o) => o.name),
      ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder'],
    );
    // the editor gets the node's dialog and help from the HTML beside the compiled file
    const html = await request(`${base}/nodes`, { headers: { ...auth, Accept: 'text/html' } });
    assert.equal(html.status, 200);
    assert.match(html.body, /RED\.nodes\.registerType\('pyramid-ws-endpoint'/);
    assert.match(html.body, /data-help-name="pyramid-ws"/);
  });
});
