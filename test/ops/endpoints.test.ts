/**
 * The operations sidebar's admin endpoints in a full Node-RED runtime with editor authentication
 * on: a real FTP server (ftp-srv, in this process), a SOAP server from the project's WSDL, the
 * FTP, message and web-service nodes and the pyramid-ops plugin loaded as Node-RED loads a module.
 * A read-only user may look but gets 403 on every action; an admin replays, archives and retries.
 * No answer ever holds the FTP password, the web-service password or what an outbox msg carries.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFtpServer, tempDir, type FtpTestServer } from '../ftp/fixtures';
import { startEshopServer, fault, type TestSoapServer } from '../ws/support';
import { ftpFlow, startOpsRuntime, stockXml, waitFor, type OpsRuntime } from './runtime';

const FTP_PASSWORD = 'Ftp-Hemlis-7731!';
const WS_PASSWORD = 'Ws-Hemlis-5520!';
const MSG_SECRET = 'msg-private-value-8812';

const TOKENS: Record<string, { username: string; permissions: string | string[] }> = {
  'admin-token': { username: 'admin', permissions: '*' },
  'viewer-token': { username: 'viewer', permissions: 'read' },
};

interface State {
  time: string;
  servers: {
    id: string;
    deployed: boolean;
    state?: string;
    pollFolders?: string[];
    processing?: { claim: string; original?: string }[];
    outbox?: { file: string; attempts: number; lastError?: string }[];
    errors?: { name: string; reason?: string; reasonFile?: string }[];
    ftpError?: string;
  }[];
  endpoints: { id: string; calls: number; faults: number; latency: { count: number; median?: number; p95?: number }; lastFault?: { text: string } }[];
  messageNodes: { id: string; type: string; hour: Record<string, number>; day: Record<string, number>; lastError?: { text: string; time: string } }[];
}

describe('pyramid-ops admin endpoints (adminAuth on)', () => {
  let dir: string;
  let ftp: FtpTestServer;
  let soap: TestSoapServer;
  let rt: OpsRuntime;
  /** Every answer body, to look for secrets at the end. */
  const answers: string[] = [];

  async function call(method: 'GET' | 'POST', p: string, token?: string, body?: object): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${rt.url}${p}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    answers.push(text);
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (401 from Node-RED)
    }
    return { status: res.status, json };
  }
  const state = async (token = 'viewer-token'): Promise<State> => {
    const r = await call('GET', '/pyramid/ops/state', token);
    assert.equal(r.status, 200);
    return r.json as unknown as State;
  };
  const inject = async (id: string) => assert.equal((await call('POST', `/inject/${id}`, 'admin-token')).status, 200);

  before(async () => {
    dir = tempDir('ops-endpoints');
    ftp = await startFtpServer({ password: FTP_PASSWORD });
    for (const f of ['out', 'in']) fs.mkdirSync(ftp.local(f), { recursive: true });
    soap = await startEshopServer({
      handlers: {
        Orderhistorik(args) {
          throw fault('soap:Client', `Okänd kund ${String(args.Kundnummer)}`, 500);
        },
      },
    });
    const flows = ftpFlow(ftp, 'fail', [
      { id: 'ep1', type: 'pyramid-ws-endpoint', name: 'WTS', wsdl: soap.wsdlUrl, endpoint: '', auth: 'basic', verifyTls: true, timeout: 10, retries: 0 },
      { id: 'injImg', z: 'tab1', type: 'inject', name: 'images', props: [{ p: 'payload' }], payload: '{"articleCode":"00123"}', payloadType: 'json', repeat: '', once: false, wires: [['ws1']] },
      { id: 'injHist', z: 'tab1', type: 'inject', name: 'history', props: [{ p: 'payload' }], payload: '{"customerNumber":"404"}', payloadType: 'json', repeat: '', once: false, wires: [['ws2']] },
      { id: 'ws1', z: 'tab1', type: 'pyramid-ws', name: '', endpoint: 'ep1', operation: 'Bilder', debug: false, wires: [[]] },
      { id: 'ws2', z: 'tab1', type: 'pyramid-ws', name: '', endpoint: 'ep1', operation: 'Orderhistorik', debug: false, wires: [[]] },
      { id: 'c2', z: 'tab1', type: 'catch', name: '', scope: ['ws2'], uncaught: false, wires: [[]] },
      // an upload that has to wait in the outbox while the FTP server is down
      {
        id: 'injUp',
        z: 'tab1',
        type: 'inject',
        name: 'upload',
        props: [{ p: 'payload' }, { p: 'filename', v: 'Order_WC-1.xml', vt: 'str' }, { p: 'secretToken', v: MSG_SECRET, vt: 'str' }],
        payload: '<Order/>',
        payloadType: 'str',
        repeat: '',
        once: false,
        wires: [['up1']],
      },
      { id: 'up1', z: 'tab1', type: 'pyramid-ftp-out', name: 'upload', server: 'srv', action: 'upload', folder: '', filename: '', overwrite: false, wires: [[]] },
    ]);
    rt = await startOpsRuntime({
      dir,
      flows,
      credentials: { srv: { user: ftp.user, password: FTP_PASSWORD }, ep1: { user: 'wts', password: WS_PASSWORD } },
      adminAuth: {
        type: 'credentials',
        users: () => Promise.resolve(null),
        authenticate: () => Promise.resolve(null),
        // tokens checked here: no Node-RED sessions
        tokens: (token: string) => Promise.resolve(TOKENS[token] ?? null),
      },
    });
  });

  after(async () => {
    await rt?.stop();
    await ftp?.stop();
    await soap?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers nobody without a login, and a read-only user may look', async () => {
    assert.equal((await call('GET', '/pyramid/ops/state')).status, 401);
    const s = await state('viewer-token');
    assert.equal(s.servers.length, 1);
    assert.equal(s.servers[0].id, 'srv');
    assert.equal(s.servers[0].deployed, true);
    assert.deepEqual(s.servers[0].pollFolders, ['/out']);
    assert.deepEqual(s.messageNodes.map((m) => m.type), ['pyramid-stock']);
    assert.deepEqual(s.endpoints.map((e) => e.id), ['ep1']);
  });

  it('a read-only user gets 403 on every action, and nothing moves', async () => {
    fs.mkdirSync(ftp.local('out', 'error'), { recursive: true });
    fs.writeFileSync(ftp.local('out', 'error', 'Lagersaldo_20261128T101500000_0009.xml'), 'x');
    for (const a of ['replay', 'remove', 'retry']) {
      const r = await call('POST', `/pyramid/ops/ftp/srv/${a}`, 'viewer-token', { file: 'Lagersaldo_20261128T101500000_0009.xml' });
      assert.equal(r.status, 403, a);
      assert.equal((await call('POST', `/pyramid/ops/ftp/srv/${a}`, undefined, { file: 'x.xml' })).status, 401, a);
    }
    assert.ok(fs.existsSync(ftp.local('out', 'error', 'Lagersaldo_20261128T101500000_0009.xml')));
    // the admin archives it (it never came from a flow: no reason file)
    const r = await call('POST', '/pyramid/ops/ftp/srv/remove', 'admin-token', { file: 'Lagersaldo_20261128T101500000_0009.xml' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.ok(fs.existsSync(ftp.local('out', 'archive', 'Lagersaldo_20261128T101500000_0009.xml')));
  });

  it('a file the flow rejected shows in error/ with its reason; the node counts it; remove keeps it in archive/', async () => {
    const name = 'Lagersaldo_20261128T101500000_0001.xml';
    fs.writeFileSync(ftp.local('out', name), stockXml(true));
    const s = await waitFor(async () => {
      const st = await state();
      return st.servers[0].errors?.some((e) => e.name === name && e.reason) ? st : undefined;
    }, 'the rejected file in error/');
    const e = s.servers[0].errors?.find((x) => x.name === name);
    assert.match(e?.reason ?? '', /Artikelsaldo\[2\]/);
    assert.match(e?.reason ?? '', /tolv/);
    assert.equal(e?.reasonFile, `${name}.reason.txt`);
    const node = s.messageNodes.find((m) => m.id === 'stock1');
    assert.equal(node?.hour.failed, 1);
    assert.equal(node?.day.failed, 1);
    assert.match(node?.lastError?.text ?? '', /tolv/);
    assert.ok(node?.lastError && Math.abs(Date.parse(node.lastError.time) - Date.now()) < 120_000);

    // a good file goes through: files and records counted
    fs.writeFileSync(ftp.local('out', 'Lagersaldo_20261128T101500000_0002.xml'), stockXml(false));
    const s2 = await waitFor(async () => {
      const st = await state();
      const n = st.messageNodes.find((m) => m.id === 'stock1');
      return n && n.hour.records === 3 ? st : undefined;
    }, 'the good file counted');
    const n2 = s2.messageNodes.find((m) => m.id === 'stock1');
    assert.deepEqual(n2?.hour, { files: 2, records: 3, invalid: 0, failed: 1 });
    await waitFor(() => fs.existsSync(ftp.local('out', 'archive', 'Lagersaldo_20261128T101500000_0002.xml')), 'the good file archived');

    // bad requests: a path, a reason file, an unknown server, a folder nobody polls
    assert.equal((await call('POST', '/pyramid/ops/ftp/srv/remove', 'admin-token', { file: '../in/x.xml' })).status, 400);
    assert.equal((await call('POST', '/pyramid/ops/ftp/srv/remove', 'admin-token', { file: `${name}.reason.txt` })).status, 400);
    assert.equal((await call('POST', '/pyramid/ops/ftp/srv/replay', 'admin-token', { file: name, folder: '/in' })).status, 400);
    assert.equal((await call('POST', '/pyramid/ops/ftp/nope/remove', 'admin-token', { file: name })).status, 404);
    assert.equal((await call('POST', '/pyramid/ops/ftp/srv/remove', 'admin-token', { file: 'Lagersaldo_missing.xml' })).status, 404);

    const r = await call('POST', '/pyramid/ops/ftp/srv/remove', 'admin-token', { file: name });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.ok(fs.existsSync(ftp.local('out', 'archive', name)));
    assert.ok(fs.existsSync(ftp.local('out', 'archive', `${name}.reason.txt`)));
    assert.deepEqual(fs.readdirSync(ftp.local('out', 'error')), []);
    assert.deepEqual((await state()).servers[0].errors, []);
  });

  it('replay puts a file back where it is polled; it is processed again and its reason archived', async () => {
    const name = 'Lagersaldo_20261128T101500000_0003.xml';
    fs.writeFileSync(ftp.local('out', name), stockXml(true));
    await waitFor(() => fs.existsSync(ftp.local('out', 'error', `${name}.reason.txt`)) && fs.existsSync(ftp.local('out', 'error', name)), 'rejected');
    // fixed on the server as a user would, then replayed
    fs.writeFileSync(ftp.local('out', 'error', name), stockXml(false));
    const r = await call('POST', '/pyramid/ops/ftp/srv/replay', 'admin-token', { file: name });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.file, `/out/${name}`);
    await waitFor(() => fs.existsSync(ftp.local('out', 'archive', name)), 'the replayed file archived by the flow');
    assert.ok(fs.existsSync(ftp.local('out', 'archive', `${name}.reason.txt`)));
    assert.deepEqual(fs.readdirSync(ftp.local('out', 'error')), []);
  });

  it('counts web-service calls, faults and latency per endpoint', async () => {
    for (let i = 0; i < 3; i++) await inject('injImg');
    await inject('injHist');
    const s = await waitFor(async () => {
      const st = await state();
      return st.endpoints[0].calls === 4 ? st : undefined;
    }, 'four calls counted');
    const ep = s.endpoints[0];
    assert.equal(ep.faults, 1);
    assert.equal(ep.latency.count, 4);
    assert.ok(ep.latency.median !== undefined && ep.latency.median >= 0);
    assert.ok(ep.latency.p95 !== undefined && ep.latency.p95 >= ep.latency.median);
    assert.match(ep.lastFault?.text ?? '', /Okänd kund 404/);
  });

  it('shows an upload waiting in the outbox (attempts, last error) while the server is down, and retries on request', async () => {
    await ftp.stop();
    await inject('injUp');
    const s = await waitFor(async () => {
      const st = await state();
      const o = st.servers[0].outbox ?? [];
      return o.length === 1 && o[0].attempts >= 1 ? st : undefined;
    }, 'the upload in the outbox');
    const o = (s.servers[0].outbox ?? [])[0];
    assert.equal(o.file, 'Order_WC-1.xml');
    assert.ok(o.lastError && o.lastError.length > 0);
    assert.ok(s.servers[0].ftpError, 'the listing says the server did not answer');
    await ftp.start();
    const r = await call('POST', '/pyramid/ops/ftp/srv/retry', 'admin-token');
    assert.equal(r.status, 200);
    await waitFor(() => fs.existsSync(ftp.local('in', 'Order_WC-1.xml')), 'the upload done');
    await waitFor(async () => ((await state()).servers[0].outbox ?? []).length === 0, 'the outbox empty');
  });

  it('never answers with a password or what an outbox msg carries', async () => {
    await state('admin-token');
    const all = answers.join('\n');
    assert.ok(answers.length > 10);
    for (const secret of [FTP_PASSWORD, WS_PASSWORD, MSG_SECRET]) assert.equal(all.includes(secret), false, `${secret} in an answer`);
    assert.ok(path.isAbsolute(ftp.root));
  });
});
