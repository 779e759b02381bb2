/**
 * The fault suites' harness: the demo's simulators (Pyramid and the shop, as sim/demo.ts starts
 * them) in the test process, and Node-RED running the demo's flows (demoFlows()) in a child process
 * that can be SIGKILLed and started again on the same user dir.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_SHOP, demoFlows, demoSecrets, demoWebhooks } from '../../sim/demo';
import { createPyramid, type Pyramid } from '../../sim/pyramid';
import { createShop, type Shop } from '../../sim/shop';
import type { ChildConfig } from './nodered-child';

export const AUTH = 'Basic ' + Buffer.from(`${DEMO_SHOP.consumerKey}:${DEMO_SHOP.consumerSecret}`).toString('base64');

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pyramid-faults-${prefix}-`));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export function count(label: string, figures: Record<string, number | string>): void {
  process.stdout.write(`# ${label}: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
}

export interface Sims {
  pyramid: Pyramid;
  shop: Shop;
  dir: string;
  close(): Promise<void>;
}

export async function startSims(dir: string, o: { webhookRetries?: number; activityMs?: number } = {}): Promise<Sims> {
  const pyramid = await createPyramid({
    ports: { ftp: 0, soap: 0, admin: 0 },
    dataDir: path.join(dir, 'pyramid'),
    removeDataDir: false,
    timings: { statusStepMs: 400, importPollMs: 300, ...(o.activityMs ? { activityMs: o.activityMs } : {}) },
    log: false,
  });
  const shop = await createShop({
    consumerKey: DEMO_SHOP.consumerKey,
    consumerSecret: DEMO_SHOP.consumerSecret,
    shopName: 'Demobutiken',
    // a Node-RED that is down for a while: WooCommerce retries a delivery a few times
    webhookDelivery: { retries: o.webhookRetries ?? 5, backoffMs: 500, maxBackoffMs: 4000, timeoutMs: 20_000, maxFailures: 1_000_000 },
  });
  return {
    pyramid,
    shop,
    dir,
    close: async () => {
      await shop.close().catch(() => undefined);
      await pyramid.close().catch(() => undefined);
    },
  };
}

/** The demo's flows for these simulators, with test settings applied to nodes by type. */
export function flowsFor(sims: Sims, tweak: Record<string, Record<string, unknown>> = {}): { flows: object[]; credentials: Record<string, unknown> } {
  // the demo's own secrets (shop API, tokens), made once in this run's folder
  const { flows, credentials } = demoFlows(sims.pyramid, sims.shop.url, demoSecrets(path.join(sims.dir, 'demo-secrets')));
  for (const n of flows) if (tweak[n.type]) Object.assign(n, tweak[n.type]);
  return { flows, credentials };
}

/** Registers the demo's webhooks (as startDemo does: one per topic of each woocommerce-in node) at this Node-RED. */
export async function registerWebhooks(shop: Shop, flows: object[], nodeRedUrl: string): Promise<void> {
  for (const { topic, deliveryUrl } of demoWebhooks(flows as Parameters<typeof demoWebhooks>[0], nodeRedUrl)) {
    const res = await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify({ name: `Pyramid ${topic}`, topic, delivery_url: deliveryUrl, secret: DEMO_SHOP.webhookSecret, status: 'active' }),
    });
    if (!res.ok) throw new Error(`could not register the ${topic} webhook: ${res.status} ${await res.text()}`);
  }
}

/**
 * Pauses the shop's webhooks that deliver to this Node-RED (a dead instance taken out, as a load
 * balancer does): WooCommerce delivers each event to a webhook one at a time, retrying, so a dead
 * instance's webhooks would hold every later event back for minutes. Deliveries queued for it are
 * dropped; the other instance gets every event through its own webhooks.
 */
export async function pauseWebhooks(shop: Shop, nodeRedUrl: string): Promise<number> {
  const res = await fetch(`${shop.url}/wp-json/wc/v3/webhooks?per_page=100`, { headers: { authorization: AUTH } });
  const hooks = (await res.json()) as { id: number; delivery_url: string }[];
  let paused = 0;
  for (const h of hooks.filter((x) => x.delivery_url.startsWith(`${nodeRedUrl}/`))) {
    const r = await fetch(`${shop.url}/wp-json/wc/v3/webhooks/${h.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify({ status: 'paused' }),
    });
    if (!r.ok) throw new Error(`could not pause webhook ${h.id}: ${r.status} ${await r.text()}`);
    paused += 1;
  }
  return paused;
}

/** Where the flow takes order.created deliveries. */
export function orderHookUrl(flows: object[], nodeRedUrl: string): string {
  const hook = demoWebhooks(flows as Parameters<typeof demoWebhooks>[0], nodeRedUrl).find((h) => h.topic === 'order.created');
  if (!hook) throw new Error('the example has no woocommerce-in node for order.created');
  return hook.deliveryUrl;
}

export class NodeRed {
  child: ChildProcess | undefined;
  readonly flows: object[];
  url = '';
  readonly stderr: string[] = [];
  starts = 0;
  /** Everything every start of this Node-RED wrote (its log), for counting where duplicates came from. */
  readonly logFile: string;

  constructor(private readonly cfg: ChildConfig) {
    this.flows = cfg.flows ?? [];
    this.logFile = `${cfg.userDir}.log`;
  }

  /** The log lines of every start so far. */
  log(): string[] {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n');
    } catch {
      return [];
    }
  }

  get port(): number {
    return this.cfg.port;
  }

  /** Starts Node-RED (the flows and credentials are written only at the first start). */
  async start(): Promise<string> {
    const cfg = this.starts === 0 ? this.cfg : { ...this.cfg, flows: undefined, credentials: undefined };
    this.starts += 1;
    const child = fork(path.join(__dirname, 'nodered-child.js'), [JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child = child;
    // Node-RED logs to stdout: both are kept (the last lines) for a failure's message, and all of
    // it in the log file
    const keep = (d: Buffer): void => {
      this.stderr.push(d.toString());
      if (this.stderr.length > 200) this.stderr.shift();
      fs.appendFileSync(this.logFile, d);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { ready?: string }) => (m.ready ? resolve(m.ready) : reject(new Error('unexpected message'))));
      child.once('exit', (code, signal) => reject(new Error(`Node-RED ended before it was ready (${code ?? signal}): ${this.stderr.join('').slice(-2000)}`)));
    });
    return this.url;
  }

  /** SIGKILL: no close handler runs, nothing is flushed. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await gone;
  }

  /** A clean stop (close handlers run, the file context store is flushed). */
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.send({ cmd: 'stop' });
    const t = setTimeout(() => c.kill('SIGKILL'), 60_000);
    await gone;
    clearTimeout(t);
  }
}

export async function shopGet<T>(shop: Shop, p: string): Promise<{ body: T; headers: Headers }> {
  const res = await fetch(`${shop.url}/wp-json/wc/v3${p}`, { headers: { authorization: AUTH } });
  return { body: (await res.json()) as T, headers: res.headers };
}

/**
 * Waits until the flow has pushed Pyramid's catalogue to the shop (every article by SKU; variants as
 * variations) and has processed the start's full files (stock and prices): orders need stock.
 */
export async function waitForCatalogue(sims: Sims, timeoutMs = 300_000): Promise<number> {
  const codes = [...sims.pyramid.data.articles.keys()];
  const out = path.join(sims.pyramid.dataDir, 'out');
  await waitFor('every article in the shop', () => codes.every((c) => sims.shop.state.findBySku(c)), timeoutMs, 1000);
  await waitFor('the start\'s files processed', () => fs.readdirSync(out).every((f) => !f.endsWith('.xml')) && filesUnder(path.join(out, 'processing')).length === 0, timeoutMs, 500);
  return codes.length;
}

/** Places a shop test order every `ms` (what a shop's customers do); a refused one is counted, not thrown. */
export function placeOrders(sims: Sims, ms: number): { ids: number[]; refused: number; stop(): void } {
  const r = { ids: [] as number[], refused: 0, stop: () => clearInterval(t) };
  const t = setInterval(() => {
    try {
      r.ids.push(sims.shop.placeTestOrder().id);
    } catch {
      r.refused += 1;
    }
  }, ms);
  return r;
}

export interface PyramidState {
  orders: { externalOrderNumber: string; pyramidOrderNumber: string; status: string }[];
  duplicates: unknown[];
  importErrors: unknown[];
}

export async function pyramidState(sims: Sims): Promise<PyramidState> {
  return (await (await fetch(`${sims.pyramid.adminUrl}/api/state`)).json()) as PyramidState;
}

/** Every file under a folder, relative, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Order files in Pyramid's in-folder (waiting, imported, duplicate, error), by external order number. */
export function orderFiles(sims: Sims): Map<string, string[]> {
  const byExt = new Map<string, string[]>();
  for (const f of filesUnder(path.join(sims.pyramid.dataDir, 'in'))) {
    const m = /(?:^|\/)Order_(WC-\d+)[^/]*\.xml$/.exec(f);
    if (!m) continue;
    byExt.set(m[1], [...(byExt.get(m[1]) ?? []), f]);
  }
  return byExt;
}

/**
 * Where order files were sent again, from the Node-RED logs: orders handed on again by woocommerce-in
 * (not confirmed within the hand-over time: a kill before the confirmation, or a slow upload), outbox
 * entries replayed after a restart, and uploads pyramid-ftp-out refused as duplicates (the name was in
 * the in-folder or in Pyramid's imported/duplicate/error folders).
 */
export function resendSources(...logs: string[][]): Record<string, number> {
  const lines = logs.flat();
  const n = (re: RegExp): number => lines.filter((l) => re.test(l)).length;
  let replayed = 0;
  for (const l of lines) {
    const m = /outbox .*: (\d+) file\(s\) waiting/.exec(l);
    if (m) replayed += Number(m[1]);
  }
  return {
    'orders handed on again (not confirmed in time)': n(/order #\d+ handed on again/),
    'outbox files replayed after a restart': replayed,
    'order uploads refused as duplicates': n(/Order_WC-\d+\.xml already exists: not overwritten/),
  };
}
