/**
 * The editor in a real browser: Debian's Chromium driven by playwright-core, one page with the
 * console errors collected (favicons and failed resource loads aside). Shared by the editor suites.
 */
import * as fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A `skip` value for describe(): false where Chromium is installed, else the reason. */
export const noChromium: false | string = !fs.existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}`;

export interface EditorPage {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught page errors so far. */
  consoleErrors: string[];
}

/**
 * Collects into `consoleErrors` when given (a suite's own list), else into a new one. `locale`
 * (e.g. 'sv') is the browser's language: Chromium's --lang, navigator.language and Accept-Language.
 */
export async function openEditorPage(url: string, viewport = { width: 1600, height: 1000 }, consoleErrors: string[] = [], locale?: string): Promise<EditorPage> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(locale ? [`--lang=${locale}`] : []),
    ],
  });
  const page = await browser.newPage(locale ? { viewport, locale, extraHTTPHeaders: { 'Accept-Language': `${locale},en;q=0.5` } } : { viewport });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  return { browser, page, consoleErrors };
}
