/**
 * The pyramid-ws dialog's operation list (POST /pyramid-ws-endpoint/operations) in a full Node-RED
 * runtime with editor authentication on: a user with read permission sees the operations of a
 * deployed endpoint as it is deployed; reading a WSDL from settings the flow does not run yet (a new
 * endpoint, or one changed in the dialog) needs `pyramid-ws-endpoint.write`; nobody anonymous.
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

const TOKENS: Record<string, { username: string; permissions: string | string[] }> = {
  'reader-1': { username: 'reader', permissions: 'read' },
  'admin-1': { username: 'admin', permissions: '*' },
};

describe('pyramid-ws dialog operations with adminAuth', () => {
  let soapServer: TestSoapServer;
  let other: TestSoapServer;
  let dir: string;
  let server: http.Server;
  let RED: RedRuntime;
  let base: string;

  async function post(body: object, token?: string): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    const r = await fetch(`${base}/pyramid-ws-endpoint/operations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { status: r.status, json };
  }
  const names = (j: Record<string, unknown> | undefined): string[] => ((j?.operations ?? []) as { name: string }[]).map((o) => o.name);

  before(async () => {
    soapServer = await startEshopServer();
    other = await startEshopServer();
    dir = tmpDir('pyr-ws-dialog-');
    const nodesDir = path.join(dir, 'nodes');
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
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deployed = () => ({ id: 'ep1', wsdl: soapServer.wsdlUrl, auth: 'none', verifyTls: true, timeout: 10, retries: 0 });

  it('refuses an anonymous caller', async () => {
    assert.equal((await post(deployed())).status, 401);
    assert.equal((await post({ id: 'new', wsdl: other.wsdlUrl })).status, 401);
  });

  it('a reader sees the deployed endpoint\'s operations as deployed', async () => {
    const r = await post(deployed(), 'reader-1');
    assert.equal(r.status, 200);
    assert.equal(names(r.json).length, 5);
    assert.equal(r.json?.deployed, true);
  });

  it('a reader may not make the runtime read a WSDL the flow does not run', async () => {
    const before = other.requests.length;
    assert.equal((await post({ id: 'new', wsdl: other.wsdlUrl }, 'reader-1')).status, 401);
    assert.equal((await post({ ...deployed(), wsdl: other.wsdlUrl }, 'reader-1')).status, 401);
    assert.equal(other.requests.length, before);
  });

  it('a user with write permission reads the WSDL of an endpoint not deployed yet', async () => {
    const r = await post({ id: 'new', wsdl: other.wsdlUrl, auth: 'none' }, 'admin-1');
    assert.equal(r.status, 200);
    assert.deepEqual(names(r.json), ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder']);
    assert.equal(r.json?.deployed, false);
  });
});
