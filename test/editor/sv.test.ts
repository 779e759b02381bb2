/*
 * The editor in Swedish, as a Swedish integrator sees it: a real Node-RED (runtime language sv)
 * with this package, driven by Debian's Chromium with the browser language Swedish (--lang=sv,
 * navigator.language and Accept-Language: Node-RED's editor takes its language from the browser
 * unless the user picked one in the settings). Every dialog of every node of the package and every
 * help page shows Swedish, nothing shows a missing-key string (`pyramid-…:…`), the runtime's status
 * texts are Swedish, and the pyramid-ws dialog lists the operations of an endpoint that is not
 * deployed yet, with no console error and no failed request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { noChromium, openEditorPage } from '../support/chromium';
import { catalogue } from '../../lib';
import { repoRoot } from '../support/paths';
import { startEshopServer, type TestSoapServer } from '../ws/support';

// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare const navigator: any;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(repoRoot, 'scripts', 'nodered.js')) as {
  startNodeRed(o: { port: number; userDir: string; flows?: unknown[]; log?: string; lang?: string }): Promise<{ url: string; stop(): Promise<void> }>;
};

const CONFIG_TYPES = ['pyramid-ftp-server', 'pyramid-ws-endpoint', 'pyramid-shop-access', 'woocommerce-store'];
const FLOW_TYPES = [
  ...catalogue.map((d) => `pyramid-${d.type}`),
  'pyramid-ftp-in',
  'pyramid-ftp-out',
  'pyramid-ws',
  'pyramid-map',
  'pyramid-shop-in',
  'pyramid-shop-response',
  'woocommerce-in',
  'woocommerce-out',
];

/** A message key shown as text: what i18next renders for a key it does not have. */
const RAW_KEY = /(?:^|[^\w./-])(?:[@\w/.-]+:)?(?:pyramid-[a-z-]+|woocommerce(?:-[a-z]+)?)\.[a-zA-Z]+\.[\w.-]+/;
/** English that Swedish text never has (outside code and examples). */
const ENGLISH = /\b(?:the|and|when|which|with|from the|is not)\b/i;

function prose(html: string): string {
  return html
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code[\s\S]*?<\/code>/g, ' ')
    .replace(/<a [^>]*>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
}

describe('the editor in Swedish (Chromium, browser language sv)', { skip: noChromium }, () => {
  let nr: { url: string; stop(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let tmp: string;
  let soap: TestSoapServer;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-editor-sv-'));
    soap = await startEshopServer();
    const flows = [
      { id: 'tab1', type: 'tab', label: 'Flöde' },
      // a pyramid-ws whose endpoint is missing: its status comes from the runtime, in its language
      { id: 'ws-lost', z: 'tab1', type: 'pyramid-ws', name: 'utan ändpunkt', endpoint: 'not-there', operation: '', x: 200, y: 80, wires: [[]] },
    ];
    nr = await startNodeRed({ port: 0, userDir: tmp, flows, log: 'warn', lang: 'sv' });
    ({ browser, page } = await openEditorPage(`${nr.url}/`, { width: 1600, height: 1000 }, consoleErrors, 'sv'));
    page.on('response', (r) => {
      if (r.status() >= 400 && !/favicon/.test(r.url())) failedRequests.push(`${r.status()} ${r.url()}`);
    });
    await page.waitForFunction(
      () => !!window.RED?.nodes?.getType?.('pyramid-article') && document.querySelector('#red-ui-palette-container-pyramid') !== null,
      undefined,
      { timeout: 60_000 },
    );
  });

  after(async () => {
    await browser?.close();
    await nr?.stop();
    await soap?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the browser speaks Swedish and the editor follows it', async () => {
    // (RED.i18n.lang() names the core editor's catalogue, which has no Swedish: en-US; the
    // package's catalogues are asked for in the browser's language first)
    const lang = await page.evaluate(() => ({ nav: navigator.language, stored: window.localStorage.getItem('editor-language'), text: window.RED._('@pyramid-connect/node-red-pyramid/pyramid-ws:pyramid-ws.label.fromWsdl') }));
    assert.equal(lang.nav, 'sv');
    assert.equal(lang.stored, null);
    assert.equal(lang.text, 'Från WSDL');
  });

  it('the palette labels are the Swedish ones, none a missing key', async () => {
    const labels = await page.$$eval('#red-ui-palette-container-pyramid .red-ui-palette-node, #red-ui-palette-container-woocommerce .red-ui-palette-node', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-palette-type'), (e.querySelector('.red-ui-palette-label')?.textContent ?? '').replace(/\s+/g, ' ').trim()])),
    );
    assert.equal(Object.keys(labels).length, FLOW_TYPES.length);
    for (const [type, text] of Object.entries(labels) as [string, string][]) {
      assert.ok(text, `${type}: a label`);
      assert.doesNotMatch(text, RAW_KEY, `${type}: ${text}`);
    }
    // each fits on one line, as the English ones do (a palette node is 8 + 20 px per label line)
    const heights = await page.$$eval('#red-ui-palette-container-pyramid .red-ui-palette-node, #red-ui-palette-container-woocommerce .red-ui-palette-node', (els) =>
      els.map((e) => [e.getAttribute('data-palette-type'), Math.round(e.getBoundingClientRect().height)] as [string, number]),
    );
    const oneLine = Math.min(...heights.map(([, h]) => h));
    assert.deepEqual(heights.filter(([, h]) => h > oneLine), [], 'labels that wrap');
    assert.equal(labels['pyramid-ftp-out'], 'ftp ut');
    assert.equal(labels['pyramid-map'], 'mappning');
    assert.equal(labels['pyramid-stock'], 'Lagersaldo');
  });

  it('every dialog shows Swedish labels, options, tips and placeholders, and every help page is Swedish', async () => {
    await page.evaluate(() => {
      const RED = window.RED;
      RED.nodes.import([
        { id: 'srv1', type: 'pyramid-ftp-server', name: 'Pyramid', host: '127.0.0.1', port: 21 },
        { id: 'ep1', type: 'pyramid-ws-endpoint', name: 'WTS', wsdl: 'http://127.0.0.1:9/x?WSQUERY' },
        { id: 'acc1', type: 'pyramid-shop-access', name: 'Butik' },
        { id: 'st1', type: 'woocommerce-store', name: 'Woo', url: 'https://butik.exempel.se' },
      ]);
    });
    const problems: string[] = [];
    // words each dialog must show (its labels in Swedish), a sample per kind of node
    const expected: Record<string, string[]> = {
      'pyramid-stock': ['Läge', 'Teckentabell', 'Dela upp', 'Namn'],
      'pyramid-order': ['Läge', 'Teckentabell', 'XML som'],
      'pyramid-ftp-out': ['Åtgärd', 'Mapp', 'Filnamn', 'Ersätt en befintlig fil med samma namn'],
      'pyramid-ftp-in': ['Filnamn', 'Hämta var (s)', 'Kvittera'],
      'pyramid-ws': ['Ändpunkt', 'Operation', 'Från WSDL', 'Felsökning'],
      'pyramid-map': ['Källa', 'Förval', 'Rader'],
      'pyramid-ftp-server': ['Värd', 'Anslutning', 'Säkerhet', 'Mappar', 'Testa anslutningen'],
      'pyramid-ws-endpoint': ['Ändpunkt', 'Autentisering', 'Kontrollera serverns certifikat', 'Tidsgräns (s)'],
      'pyramid-shop-access': ['Signaturhemlighet', 'Tokenhemlighet'],
      'pyramid-shop-in': ['Metod', 'Åtkomst', 'Anropare'],
      'woocommerce-store': ['Butikens URL', 'Webhook-hemlighet', 'Kontextlager'],
      'woocommerce-out': ['Resurs'],
    };
    for (const type of [...FLOW_TYPES, ...CONFIG_TYPES]) {
      const r = await page.evaluate(async (t) => {
        const RED = window.RED;
        const def = RED.nodes.getType(t);
        const isConfig = def.category === 'config';
        let id: string;
        if (isConfig) {
          id = ({ 'pyramid-ftp-server': 'srv1', 'pyramid-ws-endpoint': 'ep1', 'pyramid-shop-access': 'acc1', 'woocommerce-store': 'st1' } as Record<string, string>)[t];
          RED.editor.editConfig('', t, id);
        } else {
          id = RED.nodes.id();
          const n: Record<string, unknown> = { id, type: t, z: RED.workspaces.active(), x: 300, y: 300 };
          for (const [k, v] of Object.entries(def.defaults as Record<string, { value: unknown }>)) n[k] = v.value;
          if ('server' in n) n.server = 'srv1';
          if ('endpoint' in n) n.endpoint = 'ep1';
          if ('access' in n) n.access = 'acc1';
          if ('store' in n) n.store = 'st1';
          RED.nodes.import([n]);
          RED.editor.edit(RED.nodes.node(id));
        }
        const sel = isConfig ? '#node-config-dialog-edit-form' : '#dialog-form';
        for (let i = 0; i < 200 && !document.querySelector(sel); i++) await new Promise((res) => setTimeout(res, 25));
        // oneditprepare fills lists and TypedInputs a moment after the form exists
        await new Promise((res) => setTimeout(res, 400));
        const form = document.querySelector(sel);
        const texts: string[] = [];
        if (form) {
          texts.push(form.innerText);
          for (const el of form.querySelectorAll('[placeholder], [title]')) texts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '');
          for (const el of form.querySelectorAll('option')) texts.push(el.textContent);
        }
        const tray = document.querySelector('.red-ui-tray:last-of-type .red-ui-tray-header');
        if (tray) texts.push(tray.innerText);
        const help = String(RED.nodes.getNodeHelp(t) ?? '');
        if (isConfig) (document.querySelector('#node-config-dialog-cancel') as any)?.click();
        else RED.tray.close();
        for (let i = 0; i < 200 && document.querySelector(sel); i++) await new Promise((res) => setTimeout(res, 25));
        return { found: !!form, text: texts.join('\n'), help };
      }, type);
      if (!r.found) problems.push(`${type}: no dialog`);
      for (const w of expected[type] ?? []) if (!r.text.includes(w)) problems.push(`${type}: the dialog does not show "${w}"`);
      const raw = r.text.split('\n').find((l) => RAW_KEY.test(l));
      if (raw) problems.push(`${type}: missing key shown: ${raw.trim()}`);
      if (r.help.length < 200) problems.push(`${type}: no help`);
      const english = prose(r.help).match(ENGLISH);
      if (english) problems.push(`${type}: help has English ("${english[0]}" in …${prose(r.help).slice(Math.max(0, (english.index ?? 0) - 60), (english.index ?? 0) + 40).replace(/\s+/g, ' ')}…)`);
      if (!/\b(och|eller|för|när|som)\b/.test(prose(r.help))) problems.push(`${type}: help not Swedish`);
      if (RAW_KEY.test(prose(r.help))) problems.push(`${type}: help shows a missing key`);
    }
    assert.deepEqual(problems, []);
    // a sample of the Swedish actually shown
    const ws = await page.evaluate(() => String(window.RED.nodes.getNodeHelp('pyramid-stock')));
    assert.match(ws, /Antal i lager\./);
    assert.match(ws, /<h3>Indata<\/h3>/);
  });

  it('status texts set by the runtime are Swedish', async () => {
    await page.waitForFunction(() => window.RED.nodes.node('ws-lost')?.status?.text !== undefined, undefined, { timeout: 30_000 });
    const text = await page.evaluate(() => window.RED.nodes.node('ws-lost').status.text);
    assert.equal(text, 'ingen ändpunkt');
  });

  it('pyramid-ws: the operation list of an endpoint only typed in the editor, no console error, no failed request', async () => {
    const errorsBefore = consoleErrors.length;
    const failedBefore = failedRequests.length;
    const ops = await page.evaluate(async (wsdl: string) => {
      const RED = window.RED;
      RED.nodes.import([
        { id: 'ep-new', type: 'pyramid-ws-endpoint', name: 'WTS ny', wsdl, auth: 'none', timeout: 10, verifyTls: true },
        { id: 'ws-new', type: 'pyramid-ws', z: RED.workspaces.active(), x: 400, y: 400, name: '', endpoint: 'ep-new', operation: 'Bilder', operationType: 'str', debug: false, wires: [[]] },
      ]);
      RED.editor.edit(RED.nodes.node('ws-new'));
      const list = () => Array.from(document.querySelectorAll('#node-input-operation-list option') as ArrayLike<any>).map((o: any) => o.value).filter(Boolean);
      for (let i = 0; i < 400 && list().length === 0; i++) await new Promise((res) => setTimeout(res, 25));
      const out = {
        ops: list(),
        error: document.querySelector('#node-input-operation-error')?.textContent ?? '',
        fields: document.querySelector('#node-input-operation-fields')?.textContent ?? '',
        type: (window as any).$('#node-input-operation').typedInput('type'),
      };
      RED.tray.close();
      return out;
    }, soap.wsdlUrl);
    assert.deepEqual(ops.ops, ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder'], ops.error);
    assert.equal(ops.type, 'str');
    assert.match(ops.fields, /ArtikelKod|Artikelkod/i);
    assert.deepEqual(consoleErrors.slice(errorsBefore), []);
    assert.deepEqual(failedRequests.slice(failedBefore), []);
    assert.ok(soap.requests.some((q) => q.method === 'GET'), 'the WSDL was read from the server the dialog names');
  });

  it('no console error anywhere in the Swedish editor', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
