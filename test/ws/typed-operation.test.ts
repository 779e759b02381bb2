/**
 * pyramid-ws's operation as a TypedInput (msg., flow., env., fixed text; older flows without a
 * type), and the admin endpoint behind the dialog's operation list: the WSDL as configured in the
 * open dialog, deployed or not, with the credentials typed there or (for the same host only) the
 * stored ones. A real Node-RED runtime (node-red-node-test-helper) against soap servers started
 * from the project's WSDL.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEshopServer, type TestSoapServer } from './support';
import { helper, send, wsFlow, wsNodes } from './nodered';

const USER = 'wts-user';
const PASSWORD = 'Wts-Hemlig-987!';

function basicOk(req: { headers: Record<string, unknown> }): boolean {
  return req.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
}

function withEnv(flow: object[], env: Record<string, string>): object[] {
  return flow.map((n) =>
    (n as { type: string }).type === 'tab' ? { ...n, env: Object.entries(env).map(([name, value]) => ({ name, value, type: 'str' })) } : n,
  );
}

interface ContextNode {
  context(): { flow: { set(key: string, value: unknown): void } };
}

const IMAGES = { articleCode: '00123' };

describe('pyramid-ws: the operation as a TypedInput', () => {
  let s: TestSoapServer;
  before(async () => {
    await helper.startServer();
    s = await startEshopServer();
  });
  after(async () => {
    await s.close();
    await helper.stopServer();
  });
  afterEach(() => helper.unload());

  it('msg.: the operation is read from the msg property named', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'pyramid.op', operationType: 'msg' }));
    const r = await send({ payload: IMAGES, pyramid: { op: 'Bilder' } });
    assert.ok(r.ok, JSON.stringify(r.caught?.error));
    assert.equal(r.ok.operation, 'Bilder');
    assert.equal(r.ok.messageType, 'images');
  });

  it('flow.: the operation is read from flow context', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'wtsOperation', operationType: 'flow' }));
    (helper.getNode('n1') as unknown as ContextNode).context().flow.set('wtsOperation', 'Bilder');
    const r = await send({ payload: IMAGES });
    assert.equal(r.ok?.operation, 'Bilder', JSON.stringify(r.caught?.error));
  });

  it('env.: the operation is the flow\'s environment variable', async () => {
    await helper.load(wsNodes, withEnv(wsFlow({ wsdl: s.wsdlUrl }, { operation: 'WTS_OP', operationType: 'env' }), { WTS_OP: 'Bilder' }));
    const r = await send({ payload: IMAGES });
    assert.equal(r.ok?.operation, 'Bilder', JSON.stringify(r.caught?.error));
  });

  it('older flows (no type): a fixed operation, or empty for msg.operation, as before', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }));
    assert.equal((await send({ payload: IMAGES, operation: 'Inloggning' })).ok?.operation, 'Bilder');
    await helper.unload();
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: '' }));
    assert.equal((await send({ payload: IMAGES, operation: 'Bilder' })).ok?.operation, 'Bilder');
  });

  it('an empty value is an error to Catch naming the property; nothing is called', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'op', operationType: 'msg' }));
    const calls = s.bodies.length;
    const r = await send({ payload: { username: 'anna', password: PASSWORD } });
    assert.ok(r.caught);
    assert.equal((r.caught.wsError as { code: string }).code, 'WS_OPERATION');
    assert.match(String((r.caught.error as { message: string }).message), /pyramid-ws\.errors\.empty-operation|msg\.op/);
    assert.ok(!JSON.stringify(r.caught).includes(PASSWORD));
    assert.equal(s.bodies.length, calls);
  });
});

describe('pyramid-ws dialog: operations of the endpoint as configured in the dialog', () => {
  let open: TestSoapServer;
  let locked: TestSoapServer;
  let other: TestSoapServer;
  before(async () => {
    await helper.startServer();
    open = await startEshopServer();
    locked = await startEshopServer({ authorize: (req) => basicOk(req as never) });
    other = await startEshopServer();
  });
  after(async () => {
    await Promise.all([open.close(), locked.close(), other.close()]);
    await helper.stopServer();
  });
  afterEach(() => helper.unload());

  const names = (body: Record<string, unknown>): string[] => ((body.operations ?? []) as { name: string }[]).map((o) => o.name);
  const wsquery = (srv: TestSoapServer) => `${srv.url}?WSQUERY`;

  it('an endpoint that is not deployed: its WSDL is read from the dialog\'s settings', async () => {
    await helper.load(wsNodes, [{ id: 'f1', type: 'tab', label: 'ws' }]);
    const r = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'new-ep', wsdl: open.wsdlUrl, auth: 'none', timeout: 10 });
    assert.equal(r.status, 200);
    assert.deepEqual(names(r.body), ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder']);
    assert.equal(r.body.deployed, false);
    assert.equal((r.body.operations as { catalogueType?: string }[])[2].catalogueType, 'login');
  });

  it('not deployed, basic auth: the user and password typed in the dialog are used and never echoed', async () => {
    await helper.load(wsNodes, [{ id: 'f1', type: 'tab', label: 'ws' }]);
    const ok = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'new-ep', wsdl: wsquery(locked), auth: 'basic', user: USER, password: PASSWORD });
    assert.equal(ok.status, 200);
    assert.equal(names(ok.body).length, 5, JSON.stringify(ok.body));
    const wrong = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'new-ep', wsdl: wsquery(locked), auth: 'basic', user: USER, password: 'wrong-Pass-1' });
    assert.equal(wrong.status, 200);
    assert.deepEqual(names(wrong.body), []);
    assert.equal(wrong.body.code, 'WS_AUTH', JSON.stringify(wrong.body));
    assert.ok(!wrong.text.includes('wrong-Pass-1'));
  });

  it('a deployed endpoint, unchanged in the dialog: its own client and stored credentials (no new WSDL fetch)', async () => {
    await helper.load(
      wsNodes,
      wsFlow({ id: 'ep', wsdl: wsquery(locked), auth: 'basic' }, { operation: 'Bilder' }),
      { ep: { user: USER, password: PASSWORD } },
    );
    const r1 = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'ep', wsdl: wsquery(locked), auth: 'basic', timeout: 10, user: USER, password: '__PWRD__' });
    assert.equal(r1.status, 200);
    assert.equal(r1.body.deployed, true);
    assert.equal(names(r1.body).length, 5);
    const fetches = () => locked.requests.filter((q) => q.method === 'GET').length;
    const before = fetches();
    await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'ep', wsdl: wsquery(locked), auth: 'basic', timeout: 10 });
    assert.equal(fetches(), before);
    // changed in the dialog (a longer timeout), same host: read anew, with the stored password
    const r2 = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'ep', wsdl: wsquery(locked), auth: 'basic', timeout: 20 });
    assert.equal(r2.body.deployed, false);
    assert.equal(names(r2.body).length, 5, JSON.stringify(r2.body));
    assert.equal(fetches(), before + 1);
    assert.ok(!JSON.stringify(r2.body).includes(PASSWORD));
  });

  it('the stored password never goes to a host typed into the dialog', async () => {
    await helper.load(wsNodes, wsFlow({ id: 'ep', wsdl: wsquery(locked), auth: 'basic' }), { ep: { user: USER, password: PASSWORD } });
    const r = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'ep', wsdl: wsquery(other), auth: 'basic', timeout: 10, user: USER, password: '__PWRD__' });
    assert.equal(r.status, 200);
    const fetched = other.requests.filter((q) => q.method === 'GET');
    assert.ok(fetched.length >= 1);
    for (const q of fetched) assert.ok(!String(q.headers.authorization ?? '').includes(Buffer.from(`${USER}:${PASSWORD}`).toString('base64')));
  });

  it('an unreachable WSDL is an answer with the reason (status 200), no WSDL a 400, the GET route unchanged', async () => {
    await helper.load(wsNodes, [{ id: 'f1', type: 'tab', label: 'ws' }]);
    const r = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'x', wsdl: 'http://127.0.0.1:9/nothing?WSQUERY', timeout: 5 });
    assert.equal(r.status, 200);
    assert.deepEqual(names(r.body), []);
    assert.equal(r.body.code, 'WS_NETWORK', JSON.stringify(r.body));
    const none = await helper.request().post('/pyramid-ws-endpoint/operations').send({ id: 'x', wsdl: '' });
    assert.equal(none.status, 400);
    assert.equal((await helper.request().get('/pyramid-ws-endpoint/x/operations')).status, 404);
  });
});
