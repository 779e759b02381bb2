/**
 * The operation-list admin endpoint in a full Node-RED runtime with editor authentication on:
 * it answers only to a logged-in user (permission `pyramid-ws-endpoint.read`), and the node files
 * load as Node-RED loads them (editor HTML and locale beside the compiled node file).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdminRuntime, type AdminRuntime, type Tokens } from './admin-runtime';
import { startEshopServer, type TestSoapServer } from './support';

async function request(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const r = await fetch(url, init);
  return { status: r.status, body: await r.text() };
}

const TOKENS: Tokens = {
  'ops-token-1': { username: 'ops', permissions: 'read' },
  'flows-only-1': { username: 'viewer', permissions: ['flows.read'] },
};

describe('pyramid-ws-endpoint admin endpoint with adminAuth', () => {
  let soapServer: TestSoapServer;
  let runtime: AdminRuntime;
  let base: string;

  before(async () => {
    soapServer = await startEshopServer();
    runtime = await startAdminRuntime(soapServer.wsdlUrl, TOKENS, 'pyr-ws-admin-');
    base = runtime.base;
  });

  after(async () => {
    await runtime.stop();
    await soapServer.close();
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
