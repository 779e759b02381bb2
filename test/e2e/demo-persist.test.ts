/**
 * `npm start` keeps what the user changed: the deployed flows, their (encrypted, owner-only)
 * credentials and the secrets of the demo survive a restart; `--reset` (fresh) starts again from the
 * example; the editor asks for the printed password.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDemo, type Demo } from '../../sim/demo';

const FREE = { ftp: 0, soap: 0, admin: 0, shop: 0, nodeRed: 0 };

describe('the demo keeps the user\'s flows between runs', () => {
  let tmp: string;
  let userDir: string;
  let dataDir: string;
  let demo: Demo | undefined;

  const start = (o: { fresh?: boolean; admin?: { username: string; password: string } } = {}): Promise<Demo> =>
    startDemo({ ports: FREE, userDir, dataDir, logLevel: 'error', log: false, ...o });

  const tabLabel = (): string => {
    const flows = JSON.parse(fs.readFileSync(path.join(userDir, 'flows.json'), 'utf8')) as { type: string; label?: string }[];
    return String(flows.find((n) => n.type === 'tab')?.label);
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-persist-'));
    userDir = path.join(tmp, 'node-red');
    dataDir = path.join(tmp, 'pyramid');
  });

  after(async () => {
    await demo?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes the credentials encrypted and readable by the owner only', async () => {
    demo = await start();
    await demo.stop();
    demo = undefined;
    const cred = JSON.parse(fs.readFileSync(path.join(userDir, 'flows_cred.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cred), ['$'], 'flows_cred.json holds only the encrypted blob');
    for (const f of ['flows_cred.json', 'flows.json', '.demo-secrets.json']) {
      assert.equal(fs.statSync(path.join(userDir, f)).mode & 0o077, 0, `${f} is readable by its owner only`);
    }
  });

  it('keeps a changed flow on the next start, and --reset starts from the example again', async () => {
    const file = path.join(userDir, 'flows.json');
    const flows = JSON.parse(fs.readFileSync(file, 'utf8')) as { type: string; label?: string }[];
    const original = tabLabel();
    const tab = flows.find((n) => n.type === 'tab');
    assert.ok(tab);
    tab.label = 'My changed integration';
    fs.writeFileSync(file, JSON.stringify(flows));

    demo = await start();
    const running = (await (await fetch(`${demo.nodeRed.url}/flows`)).json()) as { type: string; label?: string }[];
    assert.equal(running.find((n) => n.type === 'tab')?.label, 'My changed integration', 'the runtime runs the kept flow');
    await demo.stop();
    demo = undefined;
    assert.equal(tabLabel(), 'My changed integration');

    demo = await start({ fresh: true });
    await demo.stop();
    demo = undefined;
    assert.equal(tabLabel(), original);
  });

  it('asks for the editor password when one is set', async () => {
    const admin = { username: 'admin', password: 'demo-test-password' };
    demo = await start({ admin });
    const anonymous = await fetch(`${demo.nodeRed.url}/flows`);
    assert.equal(anonymous.status, 401);
    const wrong = await fetch(`${demo.nodeRed.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: 'nope' }),
    });
    assert.ok(wrong.status === 401 || wrong.status === 403, `a wrong password is refused (${wrong.status})`);
    const token = await fetch(`${demo.nodeRed.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', ...admin }),
    });
    assert.equal(token.status, 200);
    const { access_token } = (await token.json()) as { access_token: string };
    const flows = await fetch(`${demo.nodeRed.url}/flows`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.equal(flows.status, 200);
  });
});
