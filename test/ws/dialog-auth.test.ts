/**
 * The pyramid-ws dialog's operation list (POST /pyramid-ws-endpoint/operations) in a full Node-RED
 * runtime with editor authentication on: a user with read permission sees the operations of a
 * deployed endpoint as it is deployed; reading a WSDL from settings the flow does not run yet (a new
 * endpoint, or one changed in the dialog) needs `pyramid-ws-endpoint.write`; nobody anonymous.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdminRuntime, type AdminRuntime, type Tokens } from './admin-runtime';
import { startEshopServer, type TestSoapServer } from './support';

const TOKENS: Tokens = {
  'reader-1': { username: 'reader', permissions: 'read' },
  'admin-1': { username: 'admin', permissions: '*' },
};

describe('pyramid-ws dialog operations with adminAuth', () => {
  let soapServer: TestSoapServer;
  let other: TestSoapServer;
  let runtime: AdminRuntime;
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
    runtime = await startAdminRuntime(soapServer.wsdlUrl, TOKENS, 'pyr-ws-dialog-');
    base = runtime.base;
  });

  after(async () => {
    await runtime.stop();
    await soapServer.close();
    await other.close();
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
