/*
 * lib/shop/api: request signatures (window, replay), tokens (expiry, tampering), the rate limiter,
 * capped body reading, safe error texts and the static catch/answer check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  answerConflicts,
  catchScope,
  checkTimestamp,
  cleanText,
  issueToken,
  mapError,
  mapErrorWithStatus,
  parseBody,
  readBody,
  ReplayGuard,
  signatureHeaders,
  signRequest,
  SlidingWindowLimiter,
  verifySignature,
  verifyToken,
  type FlowNode,
} from '../../lib/shop/api';

const SECRET = 'test-signature-secret-0123456789abcdef';
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('request signatures', () => {
  const parts = { method: 'POST', pathAndQuery: '/shop/prices?x=1', timestamp: String(NOW / 1000), body: Buffer.from('{"a":1}') };

  it('a signature over method, path with query, timestamp and body verifies; any change does not', () => {
    const sig = signRequest(SECRET, parts);
    assert.match(sig, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifySignature(SECRET, parts, sig), true);
    assert.equal(verifySignature(SECRET, parts, sig.toUpperCase().replace('SHA256', 'sha256')), true, 'hex case does not matter');
    assert.equal(verifySignature(SECRET, { ...parts, method: 'GET' }, sig), false);
    assert.equal(verifySignature(SECRET, { ...parts, pathAndQuery: '/shop/prices?x=2' }, sig), false);
    assert.equal(verifySignature(SECRET, { ...parts, timestamp: String(NOW / 1000 + 1) }, sig), false);
    assert.equal(verifySignature(SECRET, { ...parts, body: Buffer.from('{"a":2}') }, sig), false);
    assert.equal(verifySignature('another-secret', parts, sig), false);
    assert.equal(verifySignature(SECRET, parts, 'sha256=00'), false);
    assert.equal(verifySignature('', parts, sig), false, 'an empty secret verifies nothing');
  });

  it('the timestamp must be within 5 minutes either way; a stale one (a replay of an old request) is refused', () => {
    const h = signatureHeaders(SECRET, 'GET', '/shop/orders/10001', undefined, NOW);
    const sig = h['X-Pyramid-Signature'];
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], sig, NOW), { ok: true });
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], sig, NOW + 299_000), { ok: true });
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], sig, NOW + 301_000), { ok: false, reason: 'expired' });
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], sig, NOW - 301_000), { ok: false, reason: 'expired' });
    assert.deepEqual(checkTimestamp(undefined, sig, NOW), { ok: false, reason: 'missing' });
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], undefined, NOW), { ok: false, reason: 'missing' });
    assert.deepEqual(checkTimestamp('12.5', sig, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(checkTimestamp(String(NOW + 1000), sig, NOW), { ok: true }, 'milliseconds too');
    assert.deepEqual(checkTimestamp(String(NOW - 400_000), sig, NOW), { ok: false, reason: 'expired' });
    assert.deepEqual(checkTimestamp(h['X-Pyramid-Timestamp'], 'md5=abc', NOW), { ok: false, reason: 'malformed' });
  });

  it('within the window a signature is accepted once; memory stays bounded', () => {
    const g = new ReplayGuard(300_000, 1000);
    const sig = signRequest(SECRET, parts);
    assert.equal(g.accept(sig, NOW), true);
    assert.equal(g.accept(sig, NOW + 1000), false);
    assert.equal(g.accept(sig.toUpperCase(), NOW + 1000), false);
    for (let i = 0; i < 5000; i++) g.accept(`sha256=${i}`, NOW);
    assert.ok(g.size <= 1000);
    g.accept('sha256=x', NOW + 700_000);
    assert.equal(g.size, 1, 'expired entries are swept');
  });
});

describe('tokens', () => {
  const TS = 'token-secret-abcdefabcdefabcdef';
  it('carry customer, contact and expiry, and verify until they expire', () => {
    const { token, claims } = issueToken(TS, { customerNumber: '10001', contactId: '7' }, 1800, NOW);
    assert.deepEqual(claims, { customerNumber: '10001', contactId: '7', iat: NOW / 1000, exp: NOW / 1000 + 1800 });
    assert.deepEqual(verifyToken(TS, token, NOW + 1000), { ok: true, claims });
    assert.deepEqual(verifyToken(TS, `Bearer ${token}`, NOW + 1000), { ok: true, claims });
    assert.deepEqual(verifyToken(TS, token, NOW + 1800_000), { ok: false, reason: 'expired' });
    assert.deepEqual(verifyToken(TS, token, NOW + 2000_000), { ok: false, reason: 'expired' });
  });

  it('a tampered payload, mac or another secret is refused', () => {
    const { token } = issueToken(TS, { customerNumber: '10002' }, 1800, NOW);
    const [v, body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ c: '10001', iat: NOW / 1000, exp: NOW / 1000 + 1800 })).toString('base64url');
    assert.deepEqual(verifyToken(TS, `${v}.${forged}.${mac}`, NOW), { ok: false, reason: 'signature' });
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    assert.deepEqual(verifyToken(TS, `${v}.${body}.${flipped}`, NOW), { ok: false, reason: 'signature' });
    assert.deepEqual(verifyToken('other-secret', token, NOW), { ok: false, reason: 'signature' });
    assert.deepEqual(verifyToken(TS, 'v2.' + body + '.' + mac, NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(TS, 'garbage', NOW), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyToken(TS, '', NOW), { ok: false, reason: 'missing' });
    assert.deepEqual(verifyToken(TS, undefined, NOW), { ok: false, reason: 'missing' });
  });
});

describe('the rate limiter', () => {
  it('allows `limit` events per window per key, then says when to retry', () => {
    const l = new SlidingWindowLimiter(5, 60_000);
    for (let i = 0; i < 5; i++) assert.equal(l.take('a', NOW + i * 1000).allowed, true);
    const d = l.take('a', NOW + 5000);
    assert.equal(d.allowed, false);
    assert.equal(d.retryAfter, 55, 'the oldest event leaves the window 55 s later');
    assert.equal(l.take('b', NOW + 5000).allowed, true, 'keys are independent');
    assert.equal(l.take('a', NOW + 60_001).allowed, true, 'the window slides');
    l.reset('a');
    assert.equal(l.check('a', NOW + 60_002).allowed, true);
  });

  it('keeps at most maxKeys keys', () => {
    const l = new SlidingWindowLimiter(3, 60_000, 100);
    for (let i = 0; i < 10_000; i++) l.hit(`k${i}`, NOW);
    assert.equal(l.size, 100);
  });
});

describe('bodies', () => {
  it('are read up to the limit; past it 413 without collecting the rest', async () => {
    const s = Object.assign(new PassThrough(), { headers: {} });
    const p = readBody(s, 1024);
    s.write(Buffer.alloc(1000));
    s.write(Buffer.alloc(1000));
    // never ended: the answer must not wait for the end
    assert.deepEqual(await p, { ok: false, status: 413, reason: 'streamed' });
    const announced = Object.assign(new PassThrough(), { headers: { 'content-length': '5000000' } });
    assert.deepEqual(await readBody(announced, 1024), { ok: false, status: 413, reason: 'announced' });
    const ok = Object.assign(new PassThrough(), { headers: {} });
    const q = readBody(ok, 1024);
    ok.end(Buffer.from('{"a":1}'));
    const r = await q;
    assert.ok(r.ok && r.body.toString() === '{"a":1}');
  });

  it('JSON and forms parse; bad JSON is 400, other types 415, empty is {}', () => {
    assert.deepEqual(parseBody(Buffer.from('{"a":[1]}'), 'application/json; charset=utf-8'), { ok: true, value: { a: [1] } });
    assert.deepEqual(parseBody(Buffer.from('a=1&b=2&a=3'), 'application/x-www-form-urlencoded'), { ok: true, value: { a: ['1', '3'], b: '2' } });
    const proto = parseBody(Buffer.from('__proto__=x&constructor=y'), 'application/x-www-form-urlencoded');
    assert.ok(proto.ok);
    assert.equal(({} as Record<string, unknown>).x, undefined);
    assert.equal(Object.getPrototypeOf(proto.value), Object.prototype);
    const bad = parseBody(Buffer.from('{"a":'), 'application/json');
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.status, 400);
    assert.equal(parseBody(Buffer.from('<x/>'), 'text/xml').ok, false);
    assert.equal((parseBody(Buffer.from('<x/>'), 'text/xml') as { status: number }).status, 415);
    assert.deepEqual(parseBody(Buffer.alloc(0), undefined), { ok: true, value: {} });
    assert.equal((parseBody(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json') as { status: number }).status, 400);
  });
});

describe('error answers', () => {
  it('map codes to statuses, with texts free of paths, stacks and internal messages', () => {
    const cases: [unknown, number, string][] = [
      [{ code: 'MESSAGE_INVALID', message: 'Orderhistorik request: page "abc" is not a number' }, 400, 'invalid_request'],
      [{ code: 'WS_FAULT', message: 'fault', faultCode: 'soap:Client', faultString: 'Kundnummer 99999 does not exist' }, 404, 'not_found'],
      [{ code: 'WS_FAULT', message: 'fault', faultCode: 'soap:Client', faultString: 'invalid KundPris: x' }, 400, 'rejected'],
      [{ code: 'WS_FAULT', message: 'System.NullReferenceException at C:\\wts\\x.cs:12', faultCode: 'soap:Server' }, 502, 'pyramid_error'],
      [{ code: 'WS_TIMEOUT', message: 'timed out after 30000 ms calling http://10.0.0.5/wts' }, 504, 'timeout'],
      [{ code: 'WS_NETWORK', message: 'connect ECONNREFUSED 10.0.0.5:80' }, 503, 'unavailable'],
      [{ code: 'WS_RESPONSE', message: 'bad answer' }, 502, 'pyramid_error'],
      [new TypeError("Cannot read properties of undefined (reading 'x') at /home/app/flows.js:3"), 500, 'internal_error'],
      ['a string', 500, 'internal_error'],
      [{ code: 'ERR_HTTP_HEADERS_SENT', message: 'Cannot set headers after they are sent to the client' }, 500, 'internal_error'],
    ];
    for (const [err, status, code] of cases) {
      const m = mapError(err);
      assert.equal(m.status, status, JSON.stringify(err));
      assert.equal(m.error, code);
      assert.doesNotMatch(m.message, /\/home|C:\\|10\.0\.0\.5|Exception|ECONNREFUSED|at \//);
    }
    assert.match(mapError(cases[0][0]).message, /page "abc" is not a number/);
  });

  it('a status given by the flow wins, with a safe text', () => {
    assert.deepEqual(mapErrorWithStatus({ code: 'MAP_INVALID', message: 'username: required' }, 400), { status: 400, error: 'invalid_request', message: 'The request was refused: username: required' });
    assert.deepEqual(mapErrorWithStatus({ message: 'rows[0]: quantity is not a number at /home/x/y.js' }, 422), { status: 422, error: 'invalid_request', message: 'The request was refused: rows[0]: quantity is not a number at <path>' });
    assert.equal(mapErrorWithStatus({ message: 'boom' }, 503).error, 'internal_error');
    assert.equal(mapErrorWithStatus({ code: 'WS_TIMEOUT', message: 'x' }, 200).status, 504, 'not an error status: the mapping decides');
  });

  it('cleanText strips paths, URLs, addresses and everything after a line break', () => {
    assert.equal(cleanText('Error: bad /home/u/x/y.js at line\n    at foo (/x/y.js:1:2)'), 'bad <path> at line');
    assert.equal(cleanText('see http://10.1.2.3:8080/wts?x for 10.1.2.3:80'), 'see <url> for <address>');
    assert.ok(cleanText('x'.repeat(1000)).length <= 300);
  });
});

describe('the static check: no two Catch nodes answer one request', () => {
  const base = (): FlowNode[] => [
    { id: 't', type: 'tab' },
    { id: 'in', z: 't', type: 'http in', url: '/a', method: 'get', wires: [['f']] },
    { id: 'f', z: 't', type: 'function', wires: [['res']] },
    { id: 'res', z: 't', type: 'http response', wires: [] },
  ];

  it('two tab-wide catches both wired to an answer conflict (the issue 14 loop)', () => {
    const flow = [...base(), { id: 'c1', z: 't', type: 'catch', scope: null, wires: [['res']] }, { id: 'c2', z: 't', type: 'catch', scope: null, wires: [['fn2']] }, { id: 'fn2', z: 't', type: 'function', wires: [['res']] }];
    const c = answerConflicts(flow);
    assert.ok(c.length >= 1);
    assert.deepEqual(new Set(c[0].catches), new Set(['c1', 'c2']));
  });

  it('one catch, scoped catches on disjoint nodes, a logging-only catch, or another tab: no conflict', () => {
    assert.deepEqual(answerConflicts([...base(), { id: 'c1', z: 't', type: 'catch', scope: null, wires: [['res']] }]), []);
    assert.deepEqual(answerConflicts([...base(), { id: 'c1', z: 't', type: 'catch', scope: null, wires: [['res']] }, { id: 'c2', z: 't', type: 'catch', scope: null, wires: [['dbg']] }, { id: 'dbg', z: 't', type: 'debug', wires: [] }]), []);
    assert.deepEqual(
      answerConflicts([...base(), { id: 'c1', z: 't', type: 'catch', scope: ['f'], wires: [['res']] }, { id: 'c2', z: 't', type: 'catch', scope: ['other'], wires: [['res']] }, { id: 'other', z: 't', type: 'function', wires: [] }]),
      [],
    );
    assert.deepEqual(answerConflicts([...base(), { id: 'c1', z: 't', type: 'catch', scope: null, wires: [['res']] }, { id: 't2', type: 'tab' }, { id: 'c2', z: 't2', type: 'catch', scope: null, wires: [['r2']] }, { id: 'r2', z: 't2', type: 'http response', wires: [] }]), []);
    assert.deepEqual(answerConflicts([...base(), { id: 'c1', z: 't', type: 'catch', scope: null, wires: [['res']] }, { id: 'c2', z: 't', type: 'catch', d: true, scope: null, wires: [['res']] }]), []);
  });

  it('follows link nodes and group scopes', () => {
    const flow: FlowNode[] = [
      { id: 't', type: 'tab' },
      { id: 'g', z: 't', type: 'group' },
      { id: 'in', z: 't', g: 'g', type: 'pyramid-shop-in', url: '/b', method: 'post', wires: [['lo']] },
      { id: 'lo', z: 't', g: 'g', type: 'link out', mode: 'link', links: ['li'] },
      { id: 'li', z: 't', type: 'link in', wires: [['res']] },
      { id: 'res', z: 't', type: 'pyramid-shop-response', wires: [] },
      { id: 'c1', z: 't', g: 'g', type: 'catch', scope: 'group', wires: [['lo2']] },
      { id: 'lo2', z: 't', g: 'g', type: 'link out', mode: 'link', links: ['li'] },
      { id: 'c2', z: 't', type: 'catch', scope: ['in'], wires: [['res']] },
    ];
    assert.deepEqual(catchScope(flow, 'c1'), new Set(['in', 'lo', 'c1', 'lo2']));
    const c = answerConflicts(flow);
    assert.equal(c.length, 1);
    assert.equal(c[0].node, 'in');
  });
});
