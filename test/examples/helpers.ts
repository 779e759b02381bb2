/**
 * The hostile-requests harness for the example flows: loads every example, points its config at
 * the simulators, runs it in a child Node-RED, finds every endpoint, and builds hostile and good
 * requests for each. Generic: it knows the endpoint node types (core `http in`, `pyramid-shop-in`)
 * and the demo's data, not the flows.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { endpointsOf, issueToken, signRequest, type FlowNode } from '../../lib/shop/api';
import { repoRoot } from '../support/paths';
import type { MemReport } from './runtime-child';

/** The simulator's public demo values (see sim/demo.ts). */
export const DEMO_SHOP = {
  consumerKey: 'ck_pyramid_demo_simulator',
  consumerSecret: 'cs_pyramid_demo_simulator',
  webhookSecret: 'whsec_pyramid_demo_simulator',
};
/** The secrets this harness gives every pyramid-shop-access node. */
export const SHOP_SIGNATURE_SECRET = crypto.randomBytes(32).toString('hex');
export const SHOP_TOKEN_SECRET = crypto.randomBytes(32).toString('hex');

export interface Example {
  file: string;
  flows: FlowNode[];
}

/** Every example flow in examples/ (a flow file is an array of nodes, or `{flows: [...]}`). */
export function loadExamples(dir = path.join(repoRoot, 'examples')): Example[] {
  const out: Example[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) {
        const j = JSON.parse(fs.readFileSync(p, 'utf8')) as unknown;
        const flows = Array.isArray(j) ? j : j && typeof j === 'object' && Array.isArray((j as { flows?: unknown }).flows) ? (j as { flows: unknown[] }).flows : undefined;
        if (flows) out.push({ file: path.relative(repoRoot, p), flows: flows as FlowNode[] });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

export interface Targets {
  ftp: { host: string; port: number; user: string; password: string };
  wsdlUrl: string;
  soapUrl: string;
  shopUrl: string;
}

/**
 * An example with its config pointed at the simulators, and the credentials to go with it: the
 * FTP server and WTS endpoint as sim/demo.ts does, SHOP_URL in tab env, this harness's secrets
 * for every pyramid-shop-access node, and the demo shop's keys for a WooCommerce config node.
 */
export function prepare(example: Example, t: Targets): { flows: FlowNode[]; credentials: Record<string, Record<string, string>> } {
  const flows = JSON.parse(JSON.stringify(example.flows)) as FlowNode[];
  const credentials: Record<string, Record<string, string>> = {};
  for (const n of flows) {
    if (n.type === 'pyramid-ftp-server') {
      n.host = t.ftp.host;
      n.port = t.ftp.port;
      credentials[n.id] = { user: t.ftp.user, password: t.ftp.password };
    } else if (n.type === 'pyramid-ws-endpoint') {
      n.wsdl = t.wsdlUrl;
      n.endpoint = t.soapUrl;
    } else if (n.type === 'pyramid-shop-access') {
      credentials[n.id] = { signatureSecret: SHOP_SIGNATURE_SECRET, tokenSecret: SHOP_TOKEN_SECRET };
    } else if (/woocommerce/.test(n.type) && !n.wires) {
      // a shop config node: its URL property, whatever it is called, and the demo shop's keys
      for (const k of ['url', 'shopUrl', 'baseUrl', 'site']) if (typeof n[k] === 'string') n[k] = `${t.shopUrl}`;
      credentials[n.id] = { consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret, webhookSecret: DEMO_SHOP.webhookSecret };
    }
    if (n.type === 'tab' && Array.isArray(n.env)) {
      for (const e of n.env as { name: string; value: string }[]) if (e.name === 'SHOP_URL') e.value = `${t.shopUrl}/wp-json/wc/v3`;
    }
  }
  return { flows, credentials };
}

// ---- the runtime --------------------------------------------------------------------------------

export interface Runtime {
  url: string;
  /** Every log line so far. */
  log: string[];
  child: ChildProcess;
  /** Set when the process ended. */
  exit?: { code: number | null; signal: string | null };
  mem(): Promise<MemReport>;
  stop(): Promise<void>;
}

export async function startRuntime(userDir: string, flows: FlowNode[], credentials: Record<string, Record<string, string>>, heapMb = 1024): Promise<Runtime> {
  fs.mkdirSync(userDir, { recursive: true });
  const cfgFile = path.join(userDir, 'runtime-config.json');
  fs.writeFileSync(cfgFile, JSON.stringify({ userDir, flows, credentials }), { mode: 0o600 });
  const child = fork(path.join(__dirname, 'runtime-child.js'), [cfgFile], {
    execArgv: ['--expose-gc', `--max-old-space-size=${heapMb}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // as a real installation runs: without NODE_ENV (express then shows stack traces on its error pages)
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV')),
  });
  const log: string[] = [];
  const lines = (s: NodeJS.ReadableStream): void => {
    let rest = '';
    s.on('data', (c: Buffer) => {
      rest += c.toString('utf8');
      const parts = rest.split('\n');
      rest = parts.pop() ?? '';
      for (const l of parts) if (l.trim()) log.push(l.length > 2000 ? l.slice(0, 2000) + '…' : l);
    });
  };
  if (child.stdout) lines(child.stdout);
  if (child.stderr) lines(child.stderr);
  const rt: Runtime = {
    url: '',
    log,
    child,
    mem: () =>
      new Promise((resolve, reject) => {
        if (rt.exit) return reject(new Error(`the runtime has ended (${JSON.stringify(rt.exit)})`));
        const onMsg = (m: { mem?: MemReport }): void => {
          if (!m.mem) return;
          child.off('message', onMsg);
          resolve(m.mem);
        };
        child.on('message', onMsg);
        child.send({ cmd: 'mem' });
      }),
    stop: async () => {
      if (rt.exit) return;
      const ended = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ cmd: 'stop' });
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await ended;
      clearTimeout(t);
    },
  };
  child.on('exit', (code, signal) => (rt.exit = { code, signal }));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; port?: number }) => m.ready && resolve(m.port as number));
    child.once('exit', (code) => reject(new Error(`Node-RED did not start (exit ${code}): ${log.slice(-20).join('\n')}`)));
  });
  rt.url = `http://127.0.0.1:${port}`;
  return rt;
}

// ---- requests -----------------------------------------------------------------------------------

export interface Req {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send from this loopback address (the rate limits are per client). */
  from?: string;
  /** What the request is, for reports. */
  kind: string;
  /** Carries a valid signature or token (of some customer). */
  authentic?: boolean;
}

export interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** One request with its own connection; resolves with the answer or rejects (no answer by the deadline, reset, ...). */
export function send(base: string, r: Req, deadlineMs: number): Promise<Res> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
    if (body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['content-length'] = body.length;
    const req = http.request(base + r.path, { method: r.method, headers, localAddress: r.from, agent: false });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${deadlineMs} ms`));
    }, deadlineMs);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size < 256 * 1024) chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - t0 });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (body) req.end(body);
    else req.end();
  });
}

// ---- what to send -------------------------------------------------------------------------------

export interface DemoFacts {
  user: { username: string; password: string; customerNumber: string; contactId: string };
  articleCode: string;
}

export interface Endpoint {
  node: FlowNode;
  method: string;
  url: string;
  /** For pyramid-shop-in: how callers prove who they are. */
  auth?: string;
}

/**
 * Every endpoint of a flow: core `http in`, `pyramid-shop-in`, and the WooCommerce webhook
 * receiver `woocommerce-in` (POST on its `path`).
 */
export function endpoints(flows: FlowNode[]): Endpoint[] {
  const out: Endpoint[] = endpointsOf(flows).map((n) => ({ node: n, method: String(n.method || 'get').toUpperCase(), url: String(n.url || '/'), auth: n.type === 'pyramid-shop-in' ? String(n.auth || 'signature') : undefined }));
  for (const n of flows) {
    if (n.type === 'woocommerce-in' && !n.d && typeof n.path === 'string') out.push({ node: n, method: 'POST', url: n.path.startsWith('/') ? n.path : `/${n.path}` });
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so a failing request can be sent again. */
export { rng } from '../support/rng';

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** The path with its route parameters filled in. */
function fill(url: string, value: (name: string) => string): string {
  return url.replace(/:(\w+)\??/g, (_m, name: string) => encodeURIComponent(value(name)).replace(/%2F/gi, '/'));
}

function goodParam(name: string, d: DemoFacts): string {
  if (/customer/i.test(name)) return d.user.customerNumber;
  if (/article/i.test(name)) return d.articleCode;
  return '1';
}

/** The headers that prove the caller, for an endpoint of ours (none for `http in`). */
function proof(ep: Endpoint, method: string, pathAndQuery: string, body: Buffer | string | undefined, d: DemoFacts): Record<string, string> {
  if (!ep.auth) return {};
  if (ep.auth === 'token') return { authorization: `Bearer ${issueToken(SHOP_TOKEN_SECRET, { customerNumber: d.user.customerNumber, contactId: d.user.contactId }, 1800).token}` };
  // a millisecond timestamp: the same signed POST twice within one second is not taken for a replay
  const timestamp = String(Date.now());
  return { 'X-Pyramid-Timestamp': timestamp, 'X-Pyramid-Signature': signRequest(SHOP_SIGNATURE_SECRET, { method, pathAndQuery, timestamp, body }) };
}

function webhookSignature(body: Buffer | string): string {
  return crypto.createHmac('sha256', DEMO_SHOP.webhookSecret).update(body).digest('base64');
}

/**
 * A request the endpoint should answer normally, by what its path is for (the example's B2B
 * calls and webhooks); for an unknown path a plain call.
 */
export function goodRequest(ep: Endpoint, d: DemoFacts, n: number): Req {
  const p = fill(ep.url, (name) => goodParam(name, d));
  let body: unknown;
  if (/login/.test(ep.url)) body = { username: d.user.username, password: d.user.password };
  else if (/price/.test(ep.url)) body = { customerNumber: d.user.customerNumber, rows: [{ articleCode: d.articleCode, quantity: 1 }] };
  else if (/contact/.test(ep.url)) body = { customerNumber: d.user.customerNumber, firstName: 'Test', lastName: `Kontakt ${n}`, email: `test.kontakt.${n}.${Date.now()}@example.se`, username: `test.kontakt.${n}.${Date.now()}` };
  else if (/quote/.test(ep.url)) body = { id: `good-${n}-${Date.now()}`, customerNumber: d.user.customerNumber, name: 'Test', email: 'test@example.se', rows: [{ articleCode: d.articleCode, quantity: 1 }] };
  else if (ep.method !== 'GET') body = {};
  const text = body === undefined || /webhook/.test(ep.url) ? undefined : JSON.stringify(body);
  // a webhook's good request: WooCommerce's ping when a webhook is saved (form body, no signature)
  if (/webhook/.test(ep.url) || ep.node.type === 'woocommerce-in') {
    const ping = `webhook_id=${n + 1}`;
    // woocommerce-in wants every delivery signed, pings too; the older http-in flows took unsigned pings
    const signed: Record<string, string> = ep.node.type === 'woocommerce-in' ? { 'x-wc-webhook-signature': webhookSignature(ping) } : {};
    return { method: ep.method, path: p, body: ping, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed, ...proof(ep, ep.method, p, ping, d) }, from: '127.0.0.2', kind: 'good (ping)' };
  }
  return { method: ep.method, path: p, body: text, headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...proof(ep, ep.method, p, text, d) }, from: '127.0.0.2', kind: 'good' };
}

const BAD_PARAMS = ['99999', 'abc', '-1', '0', '', ' ', '%', '../../etc/passwd', 'x'.repeat(2000), 'åäö€', '<Kund/>', "1' OR '1'='1", '__proto__', 'constructor', '1e309', 'null', '10001\u0000'];
const BAD_QUERIES = ['?page=abc', '?page=0', '?perPage=-5', '?page=1e309', '?page[]=1&page[]=2', '?page[a]=b', '?page=%zz', '?page=-0', '?perPage=100000', '?' + 'q='.padEnd(10_000, 'x'), '?__proto__[x]=1', '?constructor[prototype][x]=1', '?page=1&page=2', ''];
const JSON_BODIES = [
  '',
  '{',
  'null',
  '[]',
  '"text"',
  '42',
  '{}',
  '{"customerNumber":"99999","rows":[{"articleCode":"NOPE","quantity":1}]}',
  '{"customerNumber":"99999"}',
  '{"customerNumber":"10001","rows":"x"}',
  '{"customerNumber":{"$ne":1}}',
  '{"username":"x"}',
  '{"username":"","password":""}',
  '{"username":["a"],"password":{"x":1}}',
  '{"__proto__":{"polluted":true},"customerNumber":"10001"}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"id":"x","line_items":"nope","status":"processing"}',
  '{"id":1,"billing":null,"line_items":[{"sku":null,"quantity":"many","total":"abc"}],"status":"processing","date_created":"x"}',
  '{"rows":[{"articleCode":"' + 'A'.repeat(5000) + '","quantity":-1}]}',
  '[' .repeat(5000) + ']'.repeat(5000),
  '{"a":"\\ud800"}',
];

/**
 * The i-th hostile request for an endpoint: bad route parameters and query values, missing, odd,
 * wrong-typed and huge bodies, wrong content types, unknown customers (SOAP faults), missing,
 * wrong and stale signatures and tokens; a part of them properly signed so they reach the flow.
 */
export function hostileRequest(ep: Endpoint, i: number, r: () => number, d: DemoFacts): Req {
  const badParam = r() < 0.5;
  let p = fill(ep.url, (name) => (badParam ? pick(r, BAD_PARAMS) : goodParam(name, d)));
  p += pick(r, BAD_QUERIES);
  if (p.length > 12_000) p = p.slice(0, 12_000);
  const method = r() < 0.04 ? pick(r, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) : ep.method;
  let body: Buffer | string | undefined;
  let type: string | undefined = 'application/json';
  const k = r();
  let kind: string;
  if (k < 0.5) {
    body = pick(r, JSON_BODIES);
    kind = 'odd JSON';
  } else if (k < 0.6) {
    body = undefined;
    type = undefined;
    kind = 'no body';
  } else if (k < 0.7) {
    body = pick(r, ['<Order><Kund>1</Kund></Order>', 'a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', 'plain text', Buffer.from([0xff, 0xfe, 0x00, 0x7b])]);
    type = pick(r, ['text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/octet-stream', 'application/json', '']);
    kind = 'wrong content type';
  } else if (k < 0.73) {
    // huge: 1.5 MB (over the 1 MB cap of our endpoints; under core http in's 5 MB)
    body = Buffer.alloc(1_500_000, 0x20);
    body.write('{"customerNumber":"10001","pad":"', 0);
    body.write('"}', body.length - 2);
    kind = 'huge body';
  } else {
    // something that passes the checks of the endpoint, with an unknown customer or article: Pyramid faults
    const unknown = { customerNumber: pick(r, ['99999', '00000', '10001X']), rows: [{ articleCode: pick(r, ['NOPE', d.articleCode]), quantity: pick(r, [1, 0, -3, 'x', 1.5]) }], username: `nobody-${i}`, password: 'x', page: pick(r, ['abc', 1, -1]) };
    body = JSON.stringify(unknown);
    kind = 'unknown customer';
  }
  if (method === 'GET' && r() < 0.7) {
    body = undefined;
    type = undefined;
  }
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  const a = r();
  if (a < 0.35) Object.assign(headers, proof(ep, method, p, body, d));
  else if (a < 0.45) Object.assign(headers, { 'x-pyramid-timestamp': String(Math.floor(Date.now() / 1000) - 900), 'x-pyramid-signature': 'sha256=' + 'ab'.repeat(32) });
  else if (a < 0.55) Object.assign(headers, { 'x-pyramid-timestamp': 'soon', 'x-pyramid-signature': 'nope', authorization: 'Bearer v1.e30.x' });
  else if (a < 0.6) headers.authorization = `Bearer ${issueToken(SHOP_TOKEN_SECRET, { customerNumber: '10002' }, 1800).token}`;
  let wcSigned = false;
  if ((/webhook/.test(ep.url) || ep.node.type === 'woocommerce-in') && body !== undefined && r() < 0.5) {
    headers['x-wc-webhook-signature'] = webhookSignature(body);
    headers['x-wc-webhook-topic'] = 'order.created';
    wcSigned = true;
  }
  return { method, path: p, body, headers, from: '127.0.0.1', kind: `${kind}${a < 0.35 || wcSigned ? ' (signed)' : ''}`, authentic: a < 0.35 || (a >= 0.55 && a < 0.6) || wcSigned };
}

/** Text an answer must never show: stack frames, absolute paths, internal exception names. */
export const LEAKS = /\n\s+at |(&nbsp;|\s)at [\w.<>]+ \(|\/(home|work|usr|tmp|srv|opt|root)\/|node_modules|[A-Z]:\\|\b[A-Z][a-z]+Error\b|ECONNREFUSED|ERR_[A-Z_]+/;
/** Express's page for a path or method no route takes (the request never reached the endpoint). */
export const NO_ROUTE = /^<!DOCTYPE html>[\s\S]*<pre>Cannot [A-Z]+ [^<]*<\/pre>[\s\S]*$/;
/** Log lines that mean an answer was written twice, or errors loop. */
export const LOOP_LINES = /ERR_HTTP_HEADERS_SENT|Cannot set headers after they are sent|Message exceeded maximum number of catches|error-loop/i;
