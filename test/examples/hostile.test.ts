/*
 * Every example flow in examples/, two ways:
 * - statically: no two Catch nodes can answer the same request (each Catch node's scope, and
 *   what it reaches through wires and link nodes, computed by lib/shop/api/flow-check);
 * - live: the example runs in its own Node-RED process against the Pyramid and shop simulators,
 *   and every endpoint (`http in`, `pyramid-shop-in`) gets 1,000 hostile requests (bad route and
 *   query values, missing/odd/huge bodies, wrong content types, unknown customers that make
 *   Pyramid fault, missing/bad/stale signatures and tokens). Asserted: each request answered once
 *   (one response, no ERR_HTTP_HEADERS_SENT or catch loop in the log), errors as small JSON
 *   without stack traces or paths, memory flat (the runtime's heap and RSS after a full GC,
 *   measured in its own process before and after), and the next good (properly signed) request
 *   answered with its usual status in normal time.
 * HOSTILE_PER_ENDPOINT (default 1000) and HOSTILE_SEED (default 14, printed) change the run;
 * HOSTILE_EXAMPLES_DIR runs it on other flows (e.g. an older examples/ from git history).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { answerConflicts, describeConflicts, signatureHeaders } from '../../lib/shop/api';
import { createPyramid, type Pyramid } from '../../sim/pyramid';
import { createShop, type Shop } from '../../sim/shop';
import { shopApiFlow } from './shop-api-flow';
import { DEMO_SHOP, endpoints, goodRequest, hostileRequest, LEAKS, loadExamples, LOOP_LINES, NO_ROUTE, prepare, rng, send, SHOP_SIGNATURE_SECRET, startRuntime, type DemoFacts, type Endpoint, type Req, type Res, type Runtime } from './helpers';

const PER_ENDPOINT = Number(process.env.HOSTILE_PER_ENDPOINT || 1000);
const SEED = Number(process.env.HOSTILE_SEED || 14);
const CONCURRENCY = 8;
/** Longer than an endpoint's own answer timeout (30 s): a request still open then hangs. */
const DEADLINE_MS = 45_000;

const examples = loadExamples(process.env.HOSTILE_EXAMPLES_DIR || undefined);
/** Run beside the examples: the endpoints built on pyramid-shop-in/-response as the examples will be. */
const fixtures = [{ file: 'test/examples/shop-api-flow.ts (fixture)', flows: shopApiFlow(), spot: true }];

/** What a shop developer gets from the endpoints built on pyramid-shop-in/-response (the fixture). */
async function spotChecks(rt: Runtime, d: DemoFacts): Promise<void> {
  const signed = (method: string, p: string, body?: unknown): Req => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return { method, path: p, body: text, headers: { ...(text ? { 'content-type': 'application/json' } : {}), ...signatureHeaders(SHOP_SIGNATURE_SECRET, method, p, text) }, from: '127.0.0.3', kind: 'spot' };
  };
  const json = (r: Res): Record<string, unknown> => JSON.parse(r.body) as Record<string, unknown>;
  const abc = await send(rt.url, signed('GET', `/shop/orders/${d.user.customerNumber}?page=abc`), DEADLINE_MS);
  assert.equal(abc.status, 400, abc.body);
  assert.equal(json(abc).error, 'invalid_request');
  assert.match(String(json(abc).message), /sida|page/i);
  const unknown = await send(rt.url, signed('GET', '/shop/orders/99999'), DEADLINE_MS);
  assert.equal(unknown.status, 404, unknown.body);
  assert.equal(json(unknown).error, 'not_found');
  const empty = await send(rt.url, signed('POST', '/shop/login', {}), DEADLINE_MS);
  assert.equal(empty.status, 400, empty.body);
  const anon = await send(rt.url, { method: 'POST', path: '/shop/prices', body: '{}', headers: { 'content-type': 'application/json' }, kind: 'spot' }, DEADLINE_MS);
  assert.equal(anon.status, 401);
  const wrong = await send(rt.url, signed('POST', '/shop/login', { username: d.user.username, password: 'fel-lösenord' }), DEADLINE_MS);
  const nobody = await send(rt.url, signed('POST', '/shop/login', { username: 'finns.inte', password: 'fel-lösenord' }), DEADLINE_MS);
  assert.equal(wrong.status, 401);
  assert.equal(nobody.body, wrong.body, 'unknown user and wrong password: the same answer');
}

describe('examples: no two Catch nodes can answer one request', () => {
  it('there are examples to check', () => assert.ok(examples.length > 0));
  for (const ex of [...examples, ...fixtures]) {
    it(ex.file, () => {
      const conflicts = answerConflicts(ex.flows);
      assert.deepEqual(describeConflicts(ex.flows, conflicts), [], `${ex.file}: requests that two Catch nodes can answer`);
    });
  }
});

interface Problem {
  endpoint: string;
  what: string;
  req: string;
}

function show(r: Req): string {
  const body = r.body === undefined ? '' : ` body ${(Buffer.isBuffer(r.body) ? r.body.length + ' bytes' : JSON.stringify(r.body.length > 80 ? r.body.slice(0, 80) + '…' : r.body))}`;
  return `${r.kind}: ${r.method} ${r.path.length > 100 ? r.path.slice(0, 100) + '…' : r.path}${body}`;
}

function summarize(problems: Problem[]): string {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) {
    const k = `${p.endpoint}: ${p.what}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups]
    .map(([k, list]) => `${list.length} × ${k}\n      e.g. ${list.slice(0, 2).map((p) => p.req).join('\n           ')}`)
    .join('\n');
}

/** Checks one answer; returns what is wrong with it. */
function judge(ep: Endpoint, r: Req, res: Res): string[] {
  const wrong: string[] = [];
  if (res.status < 300) return wrong;
  if (LEAKS.test(res.body)) wrong.push(`answer ${res.status} shows internals: ${JSON.stringify(res.body.slice(0, 160))}`);
  // a method or path no route takes never reached the endpoint: express's page (checked for leaks above)
  const routed = !(res.status === 404 && NO_ROUTE.test(res.body));
  if (res.status >= 400 && routed) {
    let j: unknown;
    try {
      j = JSON.parse(res.body);
    } catch {
      j = undefined;
    }
    const o = j as { error?: unknown; message?: unknown } | undefined;
    if (!o || typeof o.error !== 'string' || typeof o.message !== 'string') wrong.push(`error ${res.status} is not {"error","message"} JSON: ${JSON.stringify(res.body.slice(0, 120))}`);
  }
  return wrong;
}

describe('examples: hostile requests at every endpoint', () => {
  let pyramid: Pyramid;
  let shop: Shop;
  let facts: DemoFacts;
  let tmp: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-hostile-'));
    pyramid = await createPyramid({ dataDir: path.join(tmp, 'pyramid'), initialFiles: false, log: false });
    shop = await createShop({ port: 0, consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret });
    const user = pyramid.demoUsers[0];
    const art = [...pyramid.data.articles.values()].find((a) => a.webActive && !a.parentArticle);
    assert.ok(user && art);
    facts = { user: { username: user.username, password: user.password, customerNumber: user.customerNumber, contactId: user.contactId }, articleCode: art.articleCode };
    process.stdout.write(`# hostile requests: ${PER_ENDPOINT} per endpoint, seed ${SEED}\n`);
  });

  after(async () => {
    await shop?.close().catch(() => undefined);
    await pyramid?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const ex of [...examples, ...fixtures]) {
    it(`${ex.file}: every endpoint answers each hostile request exactly once and stays well`, async () => {
      const { flows, credentials } = prepare(ex, { ftp: pyramid.ftp, wsdlUrl: pyramid.wsdlUrl, soapUrl: pyramid.soapUrl, shopUrl: shop.url });
      const eps = endpoints(flows);
      if (!eps.length) return;
      const rt: Runtime = await startRuntime(path.join(tmp, `node-red-${path.basename(ex.file, '.json')}`), flows, credentials);
      const problems: Problem[] = [];
      try {
        const label = (ep: Endpoint): string => `${ep.method} ${ep.url}${ep.auth ? ` [${ep.auth}]` : ''}`;
        // the usual answer of each endpoint (the first calls load the WSDL)
        const baseline = new Map<Endpoint, Res>();
        let n = 0;
        for (const ep of eps) {
          let res: Res | undefined;
          for (let attempt = 0; attempt < 5; attempt++) {
            res = await send(rt.url, goodRequest(ep, facts, n++), DEADLINE_MS);
            if (res.status < 500) break;
          }
          assert.ok(res, label(ep));
          baseline.set(ep, res);
          process.stdout.write(`#   ${label(ep)}: good request ${res.status} in ${res.ms} ms\n`);
        }
        const mem0 = await rt.mem();
        let total = 0;
        for (const ep of eps) {
          const r = rng(SEED * 7919 + eps.indexOf(ep));
          let i = 0;
          let aborted = '';
          const statuses = new Map<number, number>();
          let anonymousOk = 0;
          let cutOff = 0;
          const fiveXX = new Set<string>();
          const worker = async (): Promise<void> => {
            while (i < PER_ENDPOINT && !aborted) {
              const req = hostileRequest(ep, i++, r, facts);
              try {
                const res = await send(rt.url, req, DEADLINE_MS);
                statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
                if (res.status >= 500 && fiveXX.size < 3) fiveXX.add(`${res.status} ${res.body.slice(0, 160)} <- ${show(req)}`);
                if (!req.authentic && res.status < 300) {
                  anonymousOk++;
                  // our endpoints must refuse every caller that cannot prove it is the shop
                  if (ep.auth) problems.push({ endpoint: label(ep), what: 'an anonymous request was answered 2xx', req: `${show(req)} -> ${res.status}` });
                }
                for (const w of judge(ep, req, res)) problems.push({ endpoint: label(ep), what: w.replace(/:.*$/, ''), req: `${show(req)} -> ${w}` });
              } catch (e) {
                const code = (e as { code?: string }).code;
                const size = req.body === undefined ? 0 : Buffer.byteLength(req.body);
                // a body over the 1 MB cap may be cut off by the server (refused unread, or 413 and
                // close) while the client is still sending: a refusal, not a request left unanswered
                if (size > 1024 * 1024 && (code === 'EPIPE' || code === 'ECONNRESET')) cutOff++;
                else problems.push({ endpoint: label(ep), what: 'no answer', req: `${show(req)} -> ${e instanceof Error ? e.message : String(e)}` });
              }
              total++;
              const loops = rt.log.filter((l) => LOOP_LINES.test(l)).length;
              if (rt.exit) aborted = `the runtime died (${JSON.stringify(rt.exit)})`;
              else if (loops > 50) aborted = `${loops} log lines of answers written twice or errors looping`;
            }
          };
          const t0 = Date.now();
          await Promise.all(Array.from({ length: CONCURRENCY }, worker));
          if (aborted) {
            const loopLines = rt.log.filter((l) => LOOP_LINES.test(l));
            assert.fail(
              `${ex.file} ${label(ep)}: stopped after ${i} hostile requests: ${aborted}\n  first loop lines:\n    ${loopLines.slice(0, 4).join('\n    ')}\n  problems so far:\n    ${summarize(problems)}`,
            );
          }
          // the next good request: answered as before, in normal time
          const good = await send(rt.url, goodRequest(ep, facts, n++), DEADLINE_MS).catch((e: unknown) => ({ status: 0, ms: DEADLINE_MS, body: String(e), headers: {} }) as Res);
          const base = baseline.get(ep) as Res;
          if (good.status !== base.status) problems.push({ endpoint: label(ep), what: 'the next good request changed', req: `${good.status} (before: ${base.status}) ${good.body.slice(0, 120)}` });
          if (good.ms > Math.max(3000, base.ms * 10)) problems.push({ endpoint: label(ep), what: 'the next good request was slow', req: `${good.ms} ms (before: ${base.ms} ms)` });
          const hist = [...statuses].sort((a, b) => a[0] - b[0]).map(([st, c]) => `${st}×${c}`).join(' ');
          process.stdout.write(`#   ${label(ep)}: ${i} hostile requests in ${((Date.now() - t0) / 1000).toFixed(1)} s (${hist}; ${cutOff} over-cap uploads cut off while sending; ${anonymousOk} without a valid signature or token answered 2xx); next good request ${good.status} in ${good.ms} ms\n`);
          for (const f of fiveXX) process.stdout.write(`#     e.g. ${f}\n`);
        }
        const mem1 = await rt.mem();
        const mb = (b: number): string => `${b >= 0 ? '+' : ''}${(b / 1048576).toFixed(1)} MB`;
        process.stdout.write(`#   ${total} hostile requests; runtime after a full GC: RSS ${(mem0.rss / 1048576).toFixed(0)} -> ${(mem1.rss / 1048576).toFixed(0)} MB (${mb(mem1.rss - mem0.rss)}), heap ${mb(mem1.heapUsed - mem0.heapUsed)}\n`);
        if ('spot' in ex && ex.spot) await spotChecks(rt, facts);
        const loopLines = rt.log.filter((l) => LOOP_LINES.test(l));
        assert.deepEqual(loopLines.slice(0, 5), [], 'answers written twice or errors looping in the log');
        assert.ok(mem1.heapUsed - mem0.heapUsed < 48 * 1048576, `the runtime's heap grew ${mb(mem1.heapUsed - mem0.heapUsed)}`);
        assert.ok(mem1.rss - mem0.rss < 192 * 1048576, `the runtime's RSS grew ${mb(mem1.rss - mem0.rss)}`);
        assert.equal(problems.length, 0, `${problems.length} problems:\n    ${summarize(problems)}`);
      } finally {
        await rt.stop();
      }
    });
  }
});
