/*
 * The woocommerce nodes in the editor as a person sees it: a real Node-RED (in this process, the
 * node files laid out in a nodes dir) driven by Debian's headless Chromium through playwright-core.
 * The three dialogs open without console errors, the nodes sit under the palette category
 * "woocommerce" with their icons and help, and secrets typed into the shop dialog never reach the
 * exported flow or the deployed flows file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { noChromium, openEditorPage } from '../support/chromium';
import { layoutNodes, tmpDir } from '../woocommerce/runtime';


// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
type HTMLElement = any;
type HTMLInputElement = any;

interface RedRuntime {
  init(server: http.Server, settings: object): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
}

const TYPED_SECRET = 'cs_typed_in_the_dialog_9f8e7d';
const TYPED_HOOK = 'whsec_typed_in_the_dialog_1a2b3c';

describe('woocommerce nodes in the editor (Chromium)', { skip: noChromium }, () => {
  let RED: RedRuntime;
  let server: http.Server;
  let url: string;
  let dir: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    dir = tmpDir('wc-editor-');
    const nodesDir = path.join(dir, 'nodes');
    layoutNodes(nodesDir);
    const userDir = path.join(dir, 'user');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'flows.json'), '[]');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RED = require('node-red') as RedRuntime;
    server = http.createServer();
    RED.init(server, {
      userDir,
      nodesDir,
      flowFile: 'flows.json',
      credentialSecret: 'editor-test-credential-secret',
      httpAdminRoot: '/',
      httpNodeRoot: '/api',
      logging: { console: { level: 'off' } },
      editorTheme: { projects: { enabled: false }, tours: false },
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
      telemetry: { enabled: false, updateNotification: false },
    });
    server.on('request', RED.httpAdmin);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await RED.start();
    ({ browser, page } = await openEditorPage(`${url}/`, { width: 1600, height: 1000 }, consoleErrors));
    await page.waitForFunction(() => !!window.RED?.nodes?.getType?.('woocommerce-out') && document.querySelector('#red-ui-palette-container-woocommerce') !== null, undefined, { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await RED?.stop();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows woocommerce in and out under "woocommerce", with icons that load', async () => {
    const found = await page.$$eval('#red-ui-palette-container-woocommerce .red-ui-palette-node', (els) => els.map((e) => e.getAttribute('data-palette-type')));
    assert.deepEqual([...found].sort(), ['woocommerce-in', 'woocommerce-out']);
    const icons = await page.$$eval('#red-ui-palette-container-woocommerce .red-ui-palette-icon', (els) =>
      els.map((e) => (e as HTMLElement).style.backgroundImage.replace(/^url\("?|"?\)$/g, '')),
    );
    for (const u of icons) {
      const res = await fetch(new URL(u, url));
      assert.equal(res.status, 200, u);
      assert.match(res.headers.get('content-type') ?? '', /svg/, u);
    }
  });

  it('opens the three dialogs, with help, without console errors', async () => {
    const result = await page.evaluate(async () => {
      const RED = window.RED;
      const z = RED.workspaces.active();
      RED.nodes.import([
        { id: 'wcs1', type: 'woocommerce-store', name: 'Butiken', url: 'https://shop.example.se', version: 'wc/v3', timeout: 30, ca: '', contextStore: '' },
        { id: 'wci1', type: 'woocommerce-in', z, x: 200, y: 100, store: 'wcs1', path: '/woocommerce/webhook', topics: 'order.created', maxBodyKb: 1024, reconcile: true, interval: 1, scope: 'global', wires: [[]] },
        { id: 'wco1', type: 'woocommerce-out', z, x: 200, y: 200, store: 'wcs1', resource: 'stock', scope: 'global', wires: [[], []] },
      ]);
      const out: Record<string, { inputs: number; help: number }> = {};
      for (const id of ['wci1', 'wco1']) {
        const node = RED.nodes.node(id);
        RED.editor.edit(node);
        await new Promise((r) => setTimeout(r, 500));
        const tray = document.querySelector('.red-ui-tray');
        out[node.type] = { inputs: tray ? tray.querySelectorAll('input, select').length : 0, help: String(RED.nodes.getNodeHelp(node.type) ?? '').length };
        RED.tray.close();
        await new Promise((r) => setTimeout(r, 400));
      }
      RED.editor.editConfig('', 'woocommerce-store', 'wcs1');
      await new Promise((r) => setTimeout(r, 500));
      const tray = document.querySelector('.red-ui-tray');
      out['woocommerce-store'] = {
        inputs: tray ? tray.querySelectorAll('input, select, textarea').length : 0,
        help: String(RED.nodes.getNodeHelp('woocommerce-store') ?? '').length,
      };
      RED.tray.close();
      await new Promise((r) => setTimeout(r, 400));
      return out;
    });
    for (const t of ['woocommerce-store', 'woocommerce-in', 'woocommerce-out']) {
      assert.ok(result[t].inputs >= 3, `${t}: the dialog has fields (${JSON.stringify(result)})`);
      assert.ok(result[t].help > 300, `${t}: help is there`);
    }
    assert.deepEqual(consoleErrors, []);
  });

  it('woocommerce in: "Confirm hand-over" is on for a new node, with its hand-over time; woocommerce out offers "unknown SKU" for stock and prices', async () => {
    const defaults = await page.evaluate(() => {
      const d = window.RED.nodes.getType('woocommerce-in').defaults;
      const o = window.RED.nodes.getType('woocommerce-out').defaults;
      return { confirm: d.confirm.value, handover: d.handover.value, unknownSku: o.unknownSku.value };
    });
    assert.deepEqual(defaults, { confirm: true, handover: 5, unknownSku: 'fail' });
    await page.evaluate(() => {
      const RED = window.RED;
      const z = RED.workspaces.active();
      RED.nodes.import([
        { id: 'wci2', type: 'woocommerce-in', z, x: 400, y: 100, store: 'wcs1', path: '/wc/two', topics: 'order.created', maxBodyKb: 1024, reconcile: false, interval: 1, confirm: true, handover: 5, scope: 'global', wires: [[]] },
        { id: 'wco2', type: 'woocommerce-out', z, x: 400, y: 200, store: 'wcs1', resource: 'stock', scope: 'global', wires: [[], []] },
      ]);
      RED.editor.edit(RED.nodes.node('wci2'));
    });
    const visible = (sel: string): Promise<boolean> => page.$eval(sel, (e) => (e as HTMLElement).offsetParent !== null);
    await page.waitForSelector('#node-input-confirm');
    await page.waitForFunction(() => document.querySelector('#node-input-handover')?.offsetParent != null);
    assert.equal(await page.$eval('#node-input-confirm', (e) => (e as HTMLInputElement).checked), true);
    assert.equal(await page.$eval('#node-input-handover', (e) => (e as HTMLInputElement).value), '5');
    // the poll interval shows with confirmation on (the timer re-sends), even with reconciliation off
    assert.equal(await visible('#node-input-interval'), true);
    await page.click('#node-input-confirm');
    await page.waitForFunction(() => document.querySelector('#node-input-handover')?.offsetParent == null);
    assert.equal(await visible('#node-input-interval'), false);
    await page.evaluate(() => window.RED.tray.close());
    await page.waitForFunction(() => document.querySelector('#node-input-confirm') === null);
    await page.evaluate(() => window.RED.editor.edit(window.RED.nodes.node('wco2')));
    await page.waitForFunction(() => document.querySelector('#node-input-unknownSku')?.offsetParent != null);
    assert.equal(await page.$eval('#node-input-unknownSku', (e) => (e as HTMLInputElement).value), 'fail');
    await page.selectOption('#node-input-resource', 'products');
    await page.waitForFunction(() => document.querySelector('#node-input-unknownSku')?.offsetParent == null);
    await page.selectOption('#node-input-resource', 'prices');
    await page.waitForFunction(() => document.querySelector('#node-input-unknownSku')?.offsetParent != null);
    await page.selectOption('#node-input-unknownSku', 'skip');
    await page.click('#node-dialog-ok');
    await page.waitForFunction(() => window.RED.nodes.node('wco2').unknownSku === 'skip');
    await page.evaluate(() => {
      window.RED.nodes.remove('wci2');
      window.RED.nodes.remove('wco2');
    });
    assert.deepEqual(consoleErrors, []);
  });

  it('secrets typed into the shop dialog are neither in the exported flow nor in the deployed flows', async () => {
    const exported = await page.evaluate(
      async (typed: { secret: string; hook: string }) => {
        const RED = window.RED;
        RED.editor.editConfig('', 'woocommerce-store', 'wcs1');
        await new Promise((r) => setTimeout(r, 500));
        const set = (id: string, v: string): string | undefined => {
          const el = document.querySelector(id) as HTMLInputElement | null;
          if (!el) return undefined;
          el.value = v;
          el.dispatchEvent(new Event('change'));
          return el.type;
        };
        const types = [set('#node-config-input-consumerKey', 'ck_visible_key'), set('#node-config-input-consumerSecret', typed.secret), set('#node-config-input-webhookSecret', typed.hook)];
        (document.querySelector('#node-config-dialog-ok') as HTMLElement | null)?.click();
        await new Promise((r) => setTimeout(r, 400));
        return { types, json: JSON.stringify(RED.nodes.createCompleteNodeSet({ credentials: false })) };
      },
      { secret: TYPED_SECRET, hook: TYPED_HOOK },
    );
    assert.deepEqual(exported.types, ['text', 'password', 'password']);
    assert.ok(exported.json.includes('woocommerce-store'));
    assert.equal(exported.json.includes(TYPED_SECRET), false);
    assert.equal(exported.json.includes(TYPED_HOOK), false);
    // deploy: the flows file and GET /flows hold no secret; the credentials file is encrypted
    await page.click('#red-ui-header-button-deploy');
    const flowsFile = path.join(dir, 'user', 'flows.json');
    const deadline = Date.now() + 30_000;
    while (!fs.readFileSync(flowsFile, 'utf8').includes('woocommerce-store')) {
      if (Date.now() > deadline) throw new Error('the flow was not deployed');
      await new Promise((r) => setTimeout(r, 50));
    }
    const flows = fs.readFileSync(flowsFile, 'utf8');
    assert.equal(flows.includes(TYPED_SECRET) || flows.includes(TYPED_HOOK), false);
    const api = await (await fetch(`${url}/flows`)).text();
    assert.equal(api.includes(TYPED_SECRET) || api.includes(TYPED_HOOK), false);
    const creds = fs.readFileSync(path.join(dir, 'user', 'flows_cred.json'), 'utf8');
    assert.equal(creds.includes(TYPED_SECRET) || creds.includes(TYPED_HOOK), false);
    assert.deepEqual(consoleErrors, []);
  });
});
