/*
 * pyramid-shop-access / pyramid-shop-in / pyramid-shop-response in a real Node-RED runtime:
 * who gets in, capped bodies, login rate limits and uniform refusals, exactly-once answers (two
 * Catch nodes, an erroring node, 1,000 requests), answers when a node fails uncaught, and 504.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { issueToken } from '../../lib/shop/api';
import { accessNode, baseUrl, call, clearLog, helper, load, logLines, pendingCount, SIG_SECRET, start, stop, TOKEN_SECRET, waitFor } from './harness';

const T = 't1';
const tab = { id: T, type: 'tab', label: 'shop api' };

function counter(id: string): { count: number } {
  const c = { count: 0 };
  helper.getNode(id).on('input', () => c.count++);
  return c;
}

/** shop-in -> shop-response (echo), with a helper node counting what reaches the flow. */
function echoFlow(inn: Record<string, unknown>, acc: Record<string, unknown> = {}): object[] {
  return [
    tab,
    accessNode(acc),
    { id: 'in', z: T, type: 'pyramid-shop-in', method: 'post', url: '/echo', access: 'acc', auth: 'signature', ...inn, wires: [['res', 'seen']] },
    { id: 'res', z: T, type: 'pyramid-shop-response', mode: 'auto', wires: [] },
    { id: 'seen', z: T, type: 'helper', wires: [] },
  ];
}

const PYRAMID_LOGIN = `
const u = msg.payload.username, p = msg.payload.password;
if (u === 'anna' && p === 'rätt-lösen') msg.payload = { approved: true, customerNumber: '10001', contactId: '7', name: 'Anna Björklund', permissions: ['se-priser'] };
else if (u === 'locked') msg.payload = { approved: false, reason: 'last' };
else if (u === 'inactive') msg.payload = { approved: false, reason: 'ej-aktiverad' };
else msg.payload = { approved: false, reason: 'fel-uppgifter' };
return msg;`;

function loginFlow(acc: Record<string, unknown> = {}): object[] {
  return [
    tab,
    accessNode(acc),
    { id: 'in', z: T, type: 'pyramid-shop-in', method: 'post', url: '/login', access: 'acc', auth: 'login', wires: [['pyr', 'seen']] },
    { id: 'pyr', z: T, type: 'function', name: 'Inloggning (stands in for Pyramid)', func: PYRAMID_LOGIN, outputs: 1, wires: [['res']] },
    { id: 'res', z: T, type: 'pyramid-shop-response', mode: 'login', wires: [] },
    { id: 'seen', z: T, type: 'helper', wires: [] },
    { id: 'hist', z: T, type: 'pyramid-shop-in', method: 'get', url: '/orders/:customerNumber', access: 'acc', auth: 'token', customerFrom: 'params', customerField: 'customerNumber', wires: [['res2']] },
    { id: 'res2', z: T, type: 'pyramid-shop-response', mode: 'auto', wires: [] },
    { id: 'prices', z: T, type: 'pyramid-shop-in', method: 'post', url: '/prices', access: 'acc', auth: 'either', customerFrom: 'body', customerField: 'customerNumber', wires: [['res2']] },
  ];
}

/** A full garbage collection, for memory figures that mean something. */
function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** POSTs a chunked body that never ends (up to 40 MB): only a server that stops reading can answer. */
function endlessPost(p: string, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (sent < 40 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on('error', (e) => (sent > 0 ? undefined : reject(e)));
    pump();
  });
}

const signedJson = (body: unknown): { body: string; sign: true } => ({ body: JSON.stringify(body), sign: true });

describe('pyramid-shop-api nodes in a real runtime', () => {
  before(start);
  after(stop);
  afterEach(() => helper.unload());

  it('an anonymous request is 401 and emits no msg; a signed one is answered', async () => {
    await load(echoFlow({}));
    const seen = counter('seen');
    const anon = await call('POST', '/echo', { body: '{"a":1}' });
    assert.equal(anon.status, 401);
    assert.equal(anon.json.error, 'unauthenticated');
    assert.match(String(anon.json.message), /X-Pyramid-Signature/);
    const ok = await call('POST', '/echo', signedJson({ a: 1 }));
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { a: 1 });
    assert.equal(seen.count, 1, 'only the signed request reached the flow');
    // refused before the body is read: an endless unsigned body is answered all the same
    const endless = await endlessPost('/echo', {});
    assert.equal(endless.status, 401);
    assert.equal(seen.count, 1);
  });

  it('a bad signature, another secret, a changed body or an expired timestamp is 401', async () => {
    await load(echoFlow({}));
    const seen = counter('seen');
    const bad = await call('POST', '/echo', { body: '{"a":1}', headers: { 'X-Pyramid-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Pyramid-Signature': 'sha256=' + '0'.repeat(64) } });
    assert.equal(bad.status, 401);
    const other = await call('POST', '/echo', { body: '{"a":1}', sign: { secret: 'not-the-secret' } });
    assert.equal(other.status, 401);
    const expired = await call('POST', '/echo', { body: '{"a":1}', sign: { now: Date.now() - 6 * 60_000 } });
    assert.equal(expired.status, 401);
    assert.match(String(expired.json.message), /5-minute window/);
    // a captured signed request replayed within the window
    const body = '{"a":2}';
    const { signatureHeaders } = await import('../../lib/shop/api');
    const h = signatureHeaders(SIG_SECRET, 'POST', '/echo', body);
    const first = await call('POST', '/echo', { body, headers: h });
    const again = await call('POST', '/echo', { body, headers: h });
    assert.equal(first.status, 200);
    assert.equal(again.status, 401);
    assert.equal(seen.count, 1);
    // a signed GET may come twice within the window (two page views in one second)
    await helper.unload();
    await load([tab, accessNode(), { id: 'g', z: T, type: 'pyramid-shop-in', method: 'get', url: '/read', access: 'acc', auth: 'signature', wires: [['r']] }, { id: 'r', z: T, type: 'pyramid-shop-response', wires: [] }]);
    const hg = signatureHeaders(SIG_SECRET, 'GET', '/read?x=1');
    assert.equal((await call('GET', '/read?x=1', { headers: hg })).status, 200);
    assert.equal((await call('GET', '/read?x=1', { headers: hg })).status, 200);
  });

  it('bad JSON is 400, a wrong content type 415, both without internals', async () => {
    await load(echoFlow({}));
    const bad = await call('POST', '/echo', { body: '{"a":', sign: true });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error, 'bad_request');
    const xml = await call('POST', '/echo', { body: '<a/>', type: 'text/xml', sign: true });
    assert.equal(xml.status, 415);
    const form = await call('POST', '/echo', { body: 'a=1&b=2', type: 'application/x-www-form-urlencoded', sign: true });
    assert.deepEqual(form.json, { a: '1', b: '2' });
  });

  it('a body over 1 MB is 413 while it arrives, never buffered whole', async () => {
    await load(echoFlow({}));
    const seen = counter('seen');
    const before = process.memoryUsage().rss;
    // chunked, no Content-Length, and never ended: only a reader that stops at the cap can answer
    const ts = String(Math.floor(Date.now() / 1000));
    const status = await endlessPost('/echo', { 'x-pyramid-timestamp': ts, 'x-pyramid-signature': 'sha256=' + 'a'.repeat(64) });
    assert.equal(status.status, 413);
    assert.equal(JSON.parse(status.body).error, 'body_too_large');
    assert.ok(status.sent < 40 * 1024 * 1024, `answered after ${status.sent} bytes of a body that never ends`);
    const announced = await call('POST', '/echo', { body: Buffer.alloc(2 * 1024 * 1024, 0x20), sign: true });
    assert.equal(announced.status, 413);
    assert.equal(seen.count, 0);
    process.stdout.write(`# 413 after ${(status.sent / 1048576).toFixed(1)} MB sent of an endless body; RSS ${((process.memoryUsage().rss - before) / 1048576).toFixed(0)} MB apart\n`);
  });

  it('a token acts only for its own customer: another customer is 403, no token 401', async () => {
    await load(loginFlow());
    const own = issueToken(TOKEN_SECRET, { customerNumber: '10002', contactId: '9' }, 1800).token;
    const mine = await call('GET', '/orders/10002?page=2', { headers: { authorization: `Bearer ${own}` } });
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json, { page: '2', customerNumber: '10002' });
    const theirs = await call('GET', '/orders/10001', { headers: { authorization: `Bearer ${own}` } });
    assert.equal(theirs.status, 403);
    assert.equal(theirs.json.error, 'forbidden');
    assert.equal((await call('GET', '/orders/10002')).status, 401);
    const expired = issueToken(TOKEN_SECRET, { customerNumber: '10002' }, 1, Date.now() - 10_000).token;
    assert.equal((await call('GET', '/orders/10002', { headers: { authorization: `Bearer ${expired}` } })).status, 401);
    const bearer = { authorization: `Bearer ${own}` };
    const filled = await call('POST', '/prices', { body: '{"rows":[]}', headers: bearer });
    assert.deepEqual(filled.json, { rows: [], customerNumber: '10002' }, "the token's customer is filled in");
    assert.equal((await call('POST', '/prices', { body: '{"customerNumber":"10001"}', headers: bearer })).status, 403);
    assert.equal((await call('POST', '/prices', { body: '[{"customerNumber":"10001"}]', headers: bearer })).status, 400, 'a token request body must be an object');
    assert.equal((await call('POST', '/prices', signedJson({ customerNumber: '10001' }))).status, 200, 'the signed shop server may ask for any customer');
    const forged = issueToken('another-secret', { customerNumber: '10001' }, 1800).token;
    assert.equal((await call('GET', '/orders/10001', { headers: { authorization: `Bearer ${forged}` } })).status, 401);
  });

  it('a login issues a token that works; unknown, locked, inactive and wrong-password answers are byte-identical', async () => {
    await load(loginFlow());
    const ok = await call('POST', '/login', signedJson({ username: 'anna', password: 'rätt-lösen' }));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.customerNumber, '10001');
    assert.equal(ok.json.tokenType, 'Bearer');
    assert.ok(!ok.text.includes('rätt-lösen'), 'the password is never echoed');
    const hist = await call('GET', '/orders/10001', { headers: { authorization: `Bearer ${String(ok.json.token)}` } });
    assert.equal(hist.status, 200);
    const answers = [
      await call('POST', '/login', signedJson({ username: 'nobody-here', password: 'x' })),
      await call('POST', '/login', signedJson({ username: 'locked', password: 'x' })),
      await call('POST', '/login', signedJson({ username: 'inactive', password: 'x' })),
      await call('POST', '/login', signedJson({ username: 'anna', password: 'fel' })),
    ];
    const shape = (a: (typeof answers)[0]): string => JSON.stringify({ status: a.status, text: a.text, headers: { ...a.headers, date: undefined } });
    for (const a of answers) assert.equal(shape(a), shape(answers[0]));
    assert.equal(answers[0].status, 401);
    assert.equal(answers[0].json.error, 'login_failed');
  });

  it('25 login attempts in 2 s: 429 with Retry-After before Pyramid is called', async () => {
    await load(loginFlow());
    const seen = counter('seen');
    const t0 = Date.now();
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await call('POST', '/login', signedJson({ username: 'anna', password: `guess-${i}` })));
    const took = Date.now() - t0;
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(answers.filter((a) => a.status === 401).length, 5, 'five failures reach Pyramid');
    assert.equal(limited.length, 20);
    for (const a of limited) {
      assert.match(String(a.headers['retry-after']), /^\d+$/);
      assert.ok(Number(a.headers['retry-after']) >= 1);
      assert.equal(a.json.error, 'rate_limited');
    }
    assert.equal(seen.count, 5, 'calls reaching the flow (and so Pyramid)');
    // per client: other usernames from the same address are stopped after 20 requests a minute
    const other = await call('POST', '/login', signedJson({ username: 'someone-else', password: 'x' }));
    assert.equal(other.status, 429);
    assert.equal(seen.count, 5);
    process.stdout.write(`# 25 logins in ${took} ms: 5 reached the flow, 20 answered 429\n`);
    // the shop server names each end user: one shop server, many users, each with their own limit
    await helper.unload();
    await load(loginFlow());
    const seen2 = counter('seen');
    for (let i = 0; i < 30; i++) {
      const a = await call('POST', '/login', { ...signedJson({ username: `user-${i}`, password: 'x' }), headers: { 'X-Pyramid-Client': `203.0.113.${i}` } });
      assert.equal(a.status, 401, `user ${i} from 203.0.113.${i}`);
    }
    assert.equal(seen2.count, 30);
  });

  it('two Catch nodes wired to answers and an erroring node: one answer per request, no loop, RSS flat over 1,000', async () => {
    await load([
      tab,
      accessNode(),
      { id: 'in', z: T, type: 'pyramid-shop-in', method: 'post', url: '/boom', access: 'acc', auth: 'signature', wires: [['fail']] },
      { id: 'fail', z: T, type: 'function', func: "if (msg.payload.ok) return msg;\nconst e = new Error('boom at /home/app/flows.js:1'); throw e;", outputs: 1, wires: [['res2']] },
      { id: 'c1', z: T, type: 'catch', scope: null, uncaught: false, wires: [['res1', 'n1']] },
      { id: 'c2', z: T, type: 'catch', scope: null, uncaught: false, wires: [['res2', 'n2']] },
      { id: 'res1', z: T, type: 'pyramid-shop-response', mode: 'error', wires: [] },
      { id: 'res2', z: T, type: 'pyramid-shop-response', mode: 'auto', wires: [] },
      { id: 'n1', z: T, type: 'helper', wires: [] },
      { id: 'n2', z: T, type: 'helper', wires: [] },
    ]);
    const c1 = counter('n1');
    const c2 = counter('n2');
    const good = await call('POST', '/boom', signedJson({ ok: true }));
    assert.equal(good.status, 200);
    const baseline = good.ms;
    const one = await call('POST', '/boom', signedJson({}));
    assert.equal(one.status, 500);
    assert.deepEqual(Object.keys(one.json).sort(), ['error', 'message']);
    assert.doesNotMatch(one.text, /home|boom|stack/);
    await waitFor('both catches', () => c1.count === 1 && c2.count === 1);

    const N = 1000;
    // the test helper's log spy keeps every call (metrics included): read and clear it as we go,
    // so what is measured is the runtime's memory, not the spy's
    const loud: string[] = [];
    const drainLog = (): void => {
      // Node-RED's levels: 10 fatal, 20 error, 30 warn, 40 info, 50 debug, 60 trace, 99 metric
      for (const l of logLines()) {
        if (/ERR_HTTP_HEADERS_SENT|headers after they are sent|error-loop|maximum number of catches/i.test(l) || (/^[1-3]0 /.test(l) && !/Deprecated call|credentials.unencrypted/.test(l))) loud.push(l);
      }
      clearLog();
    };
    // every request different: a signed POST seen before within the window is refused as a replay
    let serial = 0;
    const burst = async (n: number): Promise<void> => {
      for (let done = 0; done < n; done += 100) {
        let sent = 0;
        const worker = async (): Promise<void> => {
          while (sent < 100) {
            sent++;
            const a = await call('POST', '/boom', signedJson({ i: ++serial }));
            assert.equal(a.status, 500);
          }
        };
        await Promise.all([worker(), worker(), worker(), worker()]);
        drainLog();
      }
    };
    // warm up (JIT, sockets, undici's pools), then measure after a full GC on both sides
    await burst(200);
    await waitFor('the warm-up catch paths', () => c1.count === 201 && c2.count === 201);
    drainLog();
    gc();
    const rss0 = process.memoryUsage().rss;
    const heap0 = process.memoryUsage().heapUsed;
    await burst(N);
    await waitFor('every catch path to run', () => c1.count === N + 201 && c2.count === N + 201);
    drainLog();
    gc();
    const grew = (process.memoryUsage().rss - rss0) / 1048576;
    const heapGrew = (process.memoryUsage().heapUsed - heap0) / 1048576;
    assert.equal(pendingCount(), 0, 'nothing left waiting');
    assert.deepEqual(loud, [], 'no loop, warning or error in the log');
    const next = await call('POST', '/boom', signedJson({ ok: true }));
    assert.equal(next.status, 200);
    assert.ok(next.ms < Math.max(1000, baseline * 20), `the next good request took ${next.ms} ms`);
    // the heap after a full GC is the figure that shows a leak (a loop grew it by GBs); RSS in a
    // test process that is also the HTTP client moves by tens of MB with malloc's arenas
    assert.ok(grew < 128, `RSS grew ${grew.toFixed(1)} MB over ${N} erroring requests`);
    assert.ok(heapGrew < 4, `the heap grew ${heapGrew.toFixed(1)} MB over ${N} erroring requests`);
    process.stdout.write(`# ${N} erroring requests with two answering Catch nodes: ${N} answers, ${c1.count + c2.count} catch msgs, after GC: RSS ${grew >= 0 ? '+' : ''}${grew.toFixed(1)} MB, heap ${heapGrew >= 0 ? '+' : ''}${heapGrew.toFixed(1)} MB, next good request ${next.ms} ms, ${loud.length} warnings or errors in the log\n`);
  });

  it('a node failing a msg with no Catch node: the endpoint answers the mapped error itself', async () => {
    await load([
      tab,
      accessNode(),
      { id: 'in', z: T, type: 'pyramid-shop-in', method: 'get', url: '/fail/:kind', access: 'acc', auth: 'signature', wires: [['fail']] },
      {
        id: 'fail',
        z: T,
        type: 'function',
        func: "const e = new Error(msg.payload.kind === 'field' ? 'Orderhistorik request: page \"abc\" is not a number' : 'TypeError at /srv/x.js'); if (msg.payload.kind === 'field') e.code = 'MESSAGE_INVALID'; if (msg.payload.kind === 'down') e.code = 'WS_NETWORK'; throw e;",
        outputs: 1,
        wires: [[]],
      },
    ]);
    const field = await call('GET', '/fail/field', { sign: true });
    assert.equal(field.status, 400);
    assert.equal(field.json.error, 'invalid_request');
    assert.match(String(field.json.message), /page "abc" is not a number/);
    const down = await call('GET', '/fail/down', { sign: true });
    assert.equal(down.status, 503);
    assert.equal(down.headers['retry-after'], '30');
    const other = await call('GET', '/fail/other', { sign: true });
    assert.equal(other.status, 500);
    assert.doesNotMatch(other.text, /srv|TypeError/);
  });

  it('a flow that never answers: 504 after the timeout', async () => {
    await load([tab, accessNode({ timeoutS: 0.5 }), { id: 'in', z: T, type: 'pyramid-shop-in', method: 'get', url: '/void', access: 'acc', auth: 'signature', wires: [[]] }]);
    const a = await call('GET', '/void', { sign: true });
    assert.equal(a.status, 504);
    assert.equal(a.json.error, 'timeout');
    assert.ok(a.ms >= 450, `answered after ${a.ms} ms`);
    assert.equal(pendingCount(), 0);
  });

  it('without its secrets an endpoint refuses every request with 503 and says so', async () => {
    await load(echoFlow({}), {});
    const a = await call('POST', '/echo', signedJson({ a: 1 }));
    assert.equal(a.status, 503);
    assert.equal(a.json.error, 'not_configured');
  });

  it('a redeploy removes the route', async () => {
    await load(echoFlow({}));
    await helper.unload();
    await load([tab, accessNode(), { id: 'in2', z: T, type: 'pyramid-shop-in', method: 'post', url: '/other', access: 'acc', auth: 'signature', wires: [['r']] }, { id: 'r', z: T, type: 'pyramid-shop-response', wires: [] }]);
    const a = await call('POST', '/echo', signedJson({ a: 1 }));
    assert.equal(a.status, 404);
  });
});
