/*
 * The "Pyramid" sidebar as a person uses it, in a real Node-RED editor driven by a real headless
 * Chromium: a Lagersaldo file with an invalid record, under the "fail the whole file" policy, is
 * rejected by the flow and shows in the sidebar with its reason; the user changes the flow (invalid
 * records to the second output) and deploys it, clicks Replay, and the file comes through: valid
 * records emitted (counted in the sidebar), the file archived, its reason archived beside it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { noChromium, openEditorPage } from '../support/chromium';
import { startFtpServer, tempDir, type FtpTestServer } from '../ftp/fixtures';
import { ftpFlow, startOpsRuntime, stockXml, waitFor, type OpsRuntime } from './runtime';

// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

const FILE = 'Lagersaldo_20261202T081500000_0001.xml';

describe('the Pyramid sidebar in Chromium', { skip: noChromium }, () => {
  let dir: string;
  let ftp: FtpTestServer;
  let rt: OpsRuntime;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    dir = tempDir('ops-sidebar');
    ftp = await startFtpServer();
    for (const f of ['out', 'in']) fs.mkdirSync(ftp.local(f), { recursive: true });
    rt = await startOpsRuntime({ dir, flows: ftpFlow(ftp, 'fail'), credentials: { srv: { user: ftp.user, password: ftp.password } } });
    ({ browser, page } = await openEditorPage(`${rt.url}/`, { width: 1600, height: 1000 }, consoleErrors));
    await page.waitForFunction(
      () => {
        try {
          // containsTab throws until the sidebar is set up
          return !!window.RED.sidebar.containsTab('pyramid-ops') && !!window.RED.nodes.getType('pyramid-stock') && !!document.querySelector('.red-ui-palette-node');
        } catch {
          return false;
        }
      },
      undefined,
      { timeout: 90_000 },
    );
  });

  after(async () => {
    await browser?.close();
    await rt?.stop();
    await ftp?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Wait until the sidebar's Refresh button is on screen and enabled. The editor shows its own
   * first tab once it has loaded the flows, and on a loaded machine that can come after ours was
   * shown: like a person, bring our tab back whenever it is not on screen.
   */
  async function ready(): Promise<void> {
    await page.waitForFunction(
      () => {
        const b = document.querySelector('.pyramid-ops-refresh');
        if (b && b.offsetParent !== null) return !b.disabled;
        window.RED.sidebar.show('pyramid-ops');
        return false;
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    );
  }

  /** Click the sidebar's Refresh button and wait until the answer is drawn. */
  async function refresh(): Promise<void> {
    await ready();
    await page.click('.pyramid-ops-refresh');
    await ready();
  }

  /** Refresh until `selector` is in the sidebar (the flow works at its own pace). */
  async function until(selector: string, what: string): Promise<void> {
    await waitFor(async () => {
      await refresh();
      return (await page.$(selector)) !== null;
    }, what, 90_000);
  }

  it('has a "Pyramid" tab that lists the deployed FTP server and message node', async () => {
    // the editor shows its first tab once the flows are loaded: ask until ours is on screen
    await page.waitForFunction(
      () => {
        const b = document.querySelector('.pyramid-ops-refresh');
        if (b && b.offsetParent !== null) return true;
        window.RED.sidebar.show('pyramid-ops');
        return false;
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    const tab = await page.evaluate(() => {
      const a = document.querySelector('#red-ui-sidebar-tabs a[href="#pyramid-ops"]');
      return { text: (a?.textContent ?? '').trim(), title: a?.getAttribute('title') ?? '', html: a?.outerHTML ?? '' };
    });
    assert.match(`${tab.text} ${tab.title}`, /Pyramid/, tab.html);
    await until('.pyramid-ops-server[data-id="srv"] .pyramid-ops-dot', 'the server section');
    const text = await page.textContent('.pyramid-ops');
    assert.match(text ?? '', /FTP server: Pyramid FTP/);
    assert.match(text ?? '', /Being processed/);
    assert.match(text ?? '', /Waiting in the outbox \(0\)/);
    assert.match(text ?? '', /Lagersaldo/);
    assert.ok(await page.$('.pyramid-ops-messages tr[data-id="stock1"]'));
  });

  it('refreshes by itself while it is on screen', async () => {
    const stamp = () => page.evaluate(() => (window.RED.plugins.getPlugin('pyramid-ops') as { refreshed?: number }).refreshed ?? 0);
    const onScreen = () => page.evaluate(() => document.querySelector('.pyramid-ops-refresh')?.offsetParent !== null);
    await ready();
    let before = await stamp();
    assert.ok(before > 0);
    await waitFor(
      async () => {
        // if the editor took the sidebar away, showing our tab again refreshes it: start counting anew
        if (!(await onScreen())) {
          await ready();
          before = await stamp();
          return false;
        }
        return (await stamp()) > before;
      },
      'an automatic refresh (every 10 s)',
      60_000,
    );
  });

  it('shows a file the flow rejected, with its reason', async () => {
    fs.writeFileSync(ftp.local('out', FILE), stockXml(true));
    await until(`.pyramid-ops-error-file[data-file="${FILE}"] .pyramid-ops-reason`, 'the rejected file in the sidebar');
    const reason = await page.textContent(`.pyramid-ops-error-file[data-file="${FILE}"] .pyramid-ops-reason`);
    assert.match(reason ?? '', /reason: .*Artikelsaldo\[2\].*tolv/s);
    assert.equal(await page.textContent('.pyramid-ops-messages tr[data-id="stock1"] .pyramid-ops-failed'), '1 / 1');
    const lastError = await page.textContent('.pyramid-ops-messages tr.pyramid-ops-last-error[data-id="stock1"]');
    assert.match(lastError ?? '', /Last error .*tolv/s);
    await page.screenshot({ path: path.join(dir, 'sidebar-error.png') });
    assert.ok(fs.statSync(path.join(dir, 'sidebar-error.png')).size > 10_000);
  });

  it('after the flow is fixed and deployed, Replay brings the file through', async () => {
    // the fix: invalid records to the second output instead of failing the whole file
    await rt.deploy(ftpFlow(ftp, 'output'));
    // the editor hears of the deploy once the new flows have started (its "flows updated" notice)
    await page.waitForFunction(
      () => [...document.querySelectorAll('.red-ui-notification')].some((n: any) => /flows on the server have been updated/.test(n.textContent ?? '')),
      undefined,
      { timeout: 60_000 },
    );
    await refresh();
    await page.click(`button[data-action="replay"][data-file="${FILE}"]`);
    await page.waitForFunction(
      () => [...document.querySelectorAll('.red-ui-notification')].some((n: any) => /is back in/.test(n.textContent ?? '')),
      undefined,
      { timeout: 30_000 },
    );
    await waitFor(() => fs.existsSync(ftp.local('out', 'archive', FILE)), 'the replayed file archived by the flow', 90_000);
    assert.ok(fs.existsSync(ftp.local('out', 'archive', `${FILE}.reason.txt`)));
    assert.deepEqual(fs.readdirSync(ftp.local('out', 'error')), []);
    // the two valid records were emitted, the invalid one went to the second output
    await until('.pyramid-ops-messages tr[data-id="stock1"] .pyramid-ops-records', 'the counts');
    await waitFor(async () => {
      await refresh();
      return (await page.textContent('.pyramid-ops-messages tr[data-id="stock1"] .pyramid-ops-records')) === '2 / 2';
    }, 'the records counted', 60_000);
    assert.equal(await page.textContent('.pyramid-ops-messages tr[data-id="stock1"] .pyramid-ops-invalid'), '1 / 1');
    assert.equal(await page.textContent('.pyramid-ops-messages tr[data-id="stock1"] .pyramid-ops-files'), '2 / 2');
    assert.equal(await page.$(`.pyramid-ops-error-file[data-file="${FILE}"]`), null);
    assert.deepEqual(consoleErrors, []);
  });
});
