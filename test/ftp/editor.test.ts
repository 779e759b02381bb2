/**
 * The FTP nodes in a real Node-RED (the package linked into a user directory, as from the Flow
 * Library; needs `npm run build` for the editor files): the node set loads, the editor gets its
 * dialog, help, icon and locale, a deployed flow runs against an embedded FTP server, the admin API
 * never hands out the password. Then the editor definitions run against a stand-in RED object.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { filesIn, startFtpServer, tempDir, waitFor, type FtpTestServer } from './fixtures';

const root = path.resolve(__dirname, '..', '..', '..');
const MODULE = '@pyramid-connect/node-red-pyramid';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(root, 'scripts', 'nodered.js')) as {
  startNodeRed(o: { port: number; userDir: string; log?: string; flows?: object[]; credentials?: object }): Promise<{ url: string; stop(): Promise<void> }>;
};

describe('the FTP nodes in a real Node-RED', () => {
  let nr: { url: string; stop(): Promise<void> };
  let server: FtpTestServer;

  before(async () => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'nodes', 'pyramid-ftp.html')), 'dist/nodes/pyramid-ftp.html is missing: run `npm run build`');
    server = await startFtpServer();
    fs.mkdirSync(server.local('out'), { recursive: true });
    fs.writeFileSync(server.local('out', 'Orderstatus_20261128T101500000_0001.xml'), '<Orderstatus/>');
    const flows = [
      { id: 'f1', type: 'tab', label: 'ftp' },
      { id: 'srv', type: 'pyramid-ftp-server', host: server.host, port: server.port, secure: 'none', outFolder: '/out', inFolder: '/in' },
      { id: 'in', z: 'f1', type: 'pyramid-ftp-in', server: 'srv', pattern: '*.xml', interval: 0.2, settle: 0, ack: 'auto', wires: [[]] },
    ];
    nr = await startNodeRed({
      port: 0,
      userDir: tempDir('nr'),
      log: 'error',
      flows,
      credentials: { srv: { user: server.user, password: server.password } },
    });
  });
  after(async () => {
    await nr?.stop();
    await server?.stop();
  });

  it('loads the node set with its three types', async () => {
    const sets = (await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'application/json' } })).json()) as { id: string; types: string[]; err?: string }[];
    const set = sets.find((s) => s.id === `${MODULE}/pyramid-ftp`);
    assert.ok(set, 'the pyramid-ftp node set is loaded');
    assert.equal(set.err, undefined);
    assert.deepEqual(set.types, ['pyramid-ftp-server', 'pyramid-ftp-in', 'pyramid-ftp-out']);
  });

  it('serves dialogs, help, icon and locale', async () => {
    const html = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } })).text();
    for (const t of ['pyramid-ftp-server', 'pyramid-ftp-in', 'pyramid-ftp-out']) {
      assert.ok(html.includes(`data-template-name="${t}"`) && html.includes(`data-help-name="${t}"`), t);
    }
    const icon = await fetch(`${nr.url}/icons/${MODULE}/pyramid-ftp.svg`);
    assert.equal(icon.status, 200);
    assert.match(await icon.text(), /^<svg[^>]*viewBox="0 0 40 60"/);
    const locale = (await (await fetch(`${nr.url}/locales/${MODULE}/pyramid-ftp?lng=en-US`)).json()) as { 'pyramid-ftp': { status: Record<string, string> } };
    assert.equal(locale['pyramid-ftp'].status.connected, 'connected');
  });

  it('runs the deployed flow: the file is taken and archived', async () => {
    await waitFor(() => filesIn(server.local('out', 'archive')).length === 1, 'archived by the deployed pyramid-ftp-in');
    assert.deepEqual(filesIn(server.local('out')), []);
  });

  it('the admin API never returns the password; Test connection uses the stored one', async () => {
    const flows = await (await fetch(`${nr.url}/flows`)).text();
    assert.ok(flows.includes('pyramid-ftp-server') && !flows.includes(server.password));
    const creds = (await (await fetch(`${nr.url}/credentials/pyramid-ftp-server/srv`)).json()) as Record<string, unknown>;
    assert.deepEqual(creds, { user: server.user, has_password: true });
    const r = await fetch(`${nr.url}/pyramid-ftp-server/test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: 'srv', host: server.host, port: server.port, password: '__PWRD__', outFolder: '/out', inFolder: '/in' }),
    });
    const text = await r.text();
    assert.equal(r.status, 200);
    assert.equal((JSON.parse(text) as { ok: boolean }).ok, true, text);
    assert.ok(!text.includes(server.password));
  });
});

describe('the FTP editor definitions', () => {
  interface Definition {
    category: string;
    color: string;
    icon?: string;
    defaults: Record<string, { value: unknown; validate?: (v: unknown) => boolean; type?: string }>;
    credentials?: Record<string, { type: string }>;
    inputs?: number;
    outputs?: number;
    label(this: Record<string, unknown>): string;
  }
  const html = fs.readFileSync(path.join(root, 'nodes', 'pyramid-ftp.html'), 'utf8');
  const defs = new Map<string, Definition>();
  const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  for (const code of scripts) {
    vm.runInNewContext(code, {
      RED: {
        nodes: { registerType: (type: string, def: Definition) => defs.set(type, def) },
        validators: { number: () => (v: unknown) => v === '' || !Number.isNaN(Number(v)) },
      },
      $: () => ({}),
    });
  }

  it('config node: credentials, sensible defaults, a label without secrets', () => {
    const d = defs.get('pyramid-ftp-server') as Definition;
    assert.equal(d.category, 'config');
    assert.deepEqual(JSON.parse(JSON.stringify(d.credentials)), { user: { type: 'text' }, password: { type: 'password' } });
    const values = Object.fromEntries(Object.entries(d.defaults).map(([k, v]) => [k, v.value]));
    assert.deepEqual(values, {
      name: '',
      host: '',
      port: 21,
      secure: 'none',
      verify: true,
      ca: '',
      fingerprint: '',
      servername: '',
      transfer: 'auto',
      separateHost: false,
      timeout: 30,
      encoding: 'utf-8',
      outFolder: 'out',
      inFolder: 'in',
      processingFolder: 'processing',
      archiveFolder: 'archive',
      errorFolder: 'error',
      takenFolders: 'imported, duplicate, error',
      lockUploads: false,
      uploadConnections: 3,
      retryMin: 5,
      retryMax: 300,
    });
    assert.equal(d.label.call({ host: 'ftp.example.se', port: 21, secure: 'none' }), 'ftp://ftp.example.se:21');
    assert.equal(d.label.call({ host: 'ftp.example.se', port: 990, secure: 'implicit' }), 'ftps://ftp.example.se:990');
    const fp = d.defaults.fingerprint.validate as (v: unknown) => boolean;
    assert.equal(fp(''), true);
    assert.equal(fp('AB:'.repeat(31) + 'AB'), true);
    assert.equal(fp('AB'.repeat(32)), true);
    assert.equal(fp('not a fingerprint'), false);
  });

  it('in and out nodes: palette, family colours, one icon, server required', () => {
    const i = defs.get('pyramid-ftp-in') as Definition;
    const o = defs.get('pyramid-ftp-out') as Definition;
    assert.equal(i.category, 'pyramid');
    assert.equal(o.category, 'pyramid');
    assert.equal(i.color, '#F3B567', 'out of Pyramid');
    assert.equal(o.color, '#87A980', 'into Pyramid');
    assert.equal(i.icon, 'pyramid-ftp.svg');
    assert.equal(o.icon, 'pyramid-ftp.svg');
    assert.equal(i.defaults.server.type, 'pyramid-ftp-server');
    assert.equal(o.defaults.server.type, 'pyramid-ftp-server');
    assert.equal(i.defaults.ack.value, 'auto');
    assert.equal(i.defaults.interval.value, 10);
    assert.equal(o.defaults.action.value, 'msg');
    assert.equal(o.defaults.overwrite.value, false);
    assert.equal(i.label.call({ pattern: 'Artikeldata_*.xml' }), 'ftp in Artikeldata_*.xml');
    assert.equal(o.label.call({ action: 'ack' }), 'ftp ack');
    assert.equal(o.label.call({ name: 'to Pyramid' }), 'to Pyramid');
  });
});
