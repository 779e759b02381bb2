/**
 * The shop-api nodes in a real Node-RED runtime (node-red-node-test-helper) with the core nodes
 * around them (catch, function, change), their HTTP routes served on a free port, and clients
 * that sign requests as the shop does.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { helper, nodeFile, type SpyCall } from '../support/nodered';
import { signatureHeaders } from '../../lib/shop/api';

export { helper };

export const SIG_SECRET = 'sig-secret-for-the-tests-0123456789abcdef';
export const TOKEN_SECRET = 'token-secret-for-the-tests-0123456789abcdef';

type RedApi = { httpNode?: (req: http.IncomingMessage, res: http.ServerResponse) => void; hooks?: unknown };

let app: RedApi['httpNode'];
const shopModule = nodeFile('pyramid-shop-api');
/**
 * The node file as the runtime loads it. The test helper's node API has no `hooks` (the full
 * runtime's has): give it the runtime's own hooks module, the one Node-RED's nodes trigger.
 */
const shopNodes = (red: RedApi): void => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!red.hooks) red.hooks = (require('@node-red/util') as { hooks: unknown }).hooks;
  app = red.httpNode;
  shopModule(red);
};
export const pendingCount = (shopModule as unknown as { pendingCount(): number }).pendingCount;

// (the test helper loads the core catch node itself when a flow has one)
/* eslint-disable @typescript-eslint/no-require-imports */
const coreNodes = [
  require('@node-red/nodes/core/function/10-function.js'),
  require('@node-red/nodes/core/function/15-change.js'),
] as unknown[];
/* eslint-enable @typescript-eslint/no-require-imports */

/*
 * The helper loads a core catch/status/complete module once per node of that type in the flow, so
 * a flow with two Catch nodes fails with "catch already registered": load each once per runtime.
 */
const modules = (helper as unknown as { _nodeModules: Record<string, (red: object) => unknown> })._nodeModules;
for (const type of Object.keys(modules)) {
  const real = modules[type];
  const loaded = new WeakSet<object>();
  modules[type] = (red: object) => {
    if (loaded.has(red)) return undefined;
    loaded.add(red);
    return real(red);
  };
}

let server: http.Server | undefined;
export let baseUrl = '';

export async function start(): Promise<void> {
  await helper.startServer();
  server = http.createServer((req, res) => {
    if (app) app(req, res);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function stop(): Promise<void> {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await helper.stopServer();
}

export function accessNode(o: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'acc', type: 'pyramid-shop-access', name: 'shop', ...o };
}

export async function load(flow: object[], credentials: Record<string, string> = { signatureSecret: SIG_SECRET, tokenSecret: TOKEN_SECRET }): Promise<void> {
  await helper.load([shopNodes, ...coreNodes], flow, { acc: credentials });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
  ms: number;
}

/** One request; `sign` signs it as the shop does (or with the given secret/timestamp). */
export async function call(method: string, path: string, o: { body?: string | Buffer; type?: string; sign?: boolean | { secret?: string; now?: number }; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.body !== undefined) headers['content-type'] = o.type ?? 'application/json';
  if (o.sign) {
    const s = typeof o.sign === 'object' ? o.sign : {};
    Object.assign(headers, signatureHeaders(s.secret ?? SIG_SECRET, method, path, o.body, s.now ?? Date.now()));
  }
  const t0 = Date.now();
  const res = await fetch(baseUrl + path, { method, headers, body: o.body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: the test says so
  }
  const h: http.IncomingHttpHeaders = {};
  res.headers.forEach((v, k) => (h[k] = v));
  return { status: res.status, headers: h, text, json, ms: Date.now() - t0 };
}

/** The log lines the runtime wrote, as text. */
export function logLines(): string[] {
  return helper
    .log()
    .getCalls()
    .map((c: SpyCall) => {
      const a = c.args[0] as { level?: number; msg?: unknown; type?: string };
      return `${a?.level ?? ''} ${a?.type ?? ''} ${typeof a?.msg === 'string' ? a.msg : a?.msg instanceof Error ? a.msg.message : JSON.stringify(a?.msg)}`;
    });
}

/** Waits for a condition (never for a fixed time). */
export async function waitFor(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Forgets the calls the test helper's spies recorded so far: its spies on the log and on every
 * node's send/receive/status/... keep each call with its msg, which looks like a leak of about
 * 10 KB per request when memory is measured.
 */
export function clearLog(): void {
  (helper as unknown as { _sandbox: { resetHistory(): void } })._sandbox.resetHistory();
}
