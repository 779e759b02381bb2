/**
 * Pictures of the dialogs the scenarios edit, for docs/customizing.md: the running demo's editor in
 * a real headless Chromium (Debian's /usr/bin/chromium through playwright-core), the changed node's
 * (or the flow's) edit dialog opened as a double-click opens it, saved as PNG. Without Chromium the
 * pictures are skipped (the scenarios still run). SCENARIO_SCREENSHOTS=<dir> saves them elsewhere
 * than docs/img/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// these run inside the page (page.evaluate); the project itself has no DOM types
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;

export class DialogCamera {
  private browser?: Browser;
  private page?: Page;
  readonly dir = process.env.SCENARIO_SCREENSHOTS ?? path.join(repoRoot, 'docs', 'img');
  readonly errors: string[] = [];

  static available(): boolean {
    return fs.existsSync(CHROMIUM);
  }

  /**
   * Opens the editor fresh (it shows what was deployed last), opens the dialog of the node `nodeId`
   * (or, with `flow: true`, the edit dialog of the flow the node is on) and saves `<name>.png`.
   */
  async shoot(editorUrl: string, name: string, nodeId: string, o: { flow?: boolean } = {}): Promise<string> {
    if (!this.page) {
      // loaded lazily: playwright-core is a dev dependency of the editor tests
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { chromium } = require('playwright-core') as typeof import('playwright-core');
      this.browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      this.page = await this.browser.newPage({ viewport: { width: 1500, height: 1000 } });
      this.page.on('pageerror', (e) => this.errors.push(String(e)));
    }
    const page = this.page;
    await page.goto(`${editorUrl}/`);
    await page.waitForFunction((id: string) => !!window.RED?.nodes?.node?.(id), nodeId, { timeout: 90_000 });
    await page.evaluate(
      ({ id, flow }: { id: string; flow: boolean }) => {
        const RED = window.RED;
        const n = RED.nodes.node(id);
        RED.workspaces.show(n.z);
        // the flow's dialog opens on its environment variables
        if (flow) RED.editor.editFlow(RED.nodes.workspace(n.z), 'editor-tab-envProperties');
        else RED.editor.edit(n);
      },
      { id: nodeId, flow: !!o.flow },
    );
    // the tray is open and its form filled in (oneditprepare done)
    await page.waitForFunction(() => {
      const tray = document.querySelector('.red-ui-tray');
      return !!tray && tray.getBoundingClientRect().width > 200 && !!document.querySelector('.red-ui-tray .red-ui-tray-body form, .red-ui-tray .red-ui-tray-body .red-ui-editableList');
    }, undefined, { timeout: 60_000 });
    // the tray slides in: wait until it stops moving
    await page.waitForFunction(
      () => {
        const tray = document.querySelector('.red-ui-tray');
        const x = Math.round(tray.getBoundingClientRect().left);
        const last = window.__trayX;
        window.__trayX = x;
        return last === x;
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    );
    // the sidebar's rotating tips would make every picture differ from the last
    await page.addStyleTag({ content: '.red-ui-help-tips { visibility: hidden !important; }' });
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${name}.png`);
    await page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
  }
}
