/**
 * lib/ws against real soap servers started here (no Node-RED): the client cache, the endpoint
 * override, WSDL refresh and import policy, error normalisation, retries, timeouts, TLS, the
 * four kinds of authentication, and masking.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as soap from 'soap';
import { callMessage, maskXml, maskText, WsEndpoint, WsError, normaliseError, type WsCallError } from '../../lib/ws';
import { eshopHandlers, fault, PROJECT_WSDL, REFERENCE_WSDL, selfSignedCert, startEshopServer, startSoapServer, tmpDir, type TestSoapServer } from './support';

const PASSWORD = 'Hemligt-123!';

function soapCalls(s: TestSoapServer): number {
  return s.requests.filter((r) => r.method === 'POST').length;
}
function wsdlFetches(s: TestSoapServer): number {
  return s.requests.filter((r) => r.method === 'GET').length;
}

describe('WsEndpoint: client cache and addresses', () => {
  let server: TestSoapServer;
  before(async () => {
    server = await startEshopServer();
  });
  after(() => server.close());

  it('reads the WSDL once and reuses one client for every call, also for concurrent first calls', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => callMessage(ep, 'images', { articleCode: `0012${i}` })),
      );
      assert.equal(results.length, 5);
      await callMessage(ep, 'images', { articleCode: '00123' });
      assert.equal(wsdlFetches(server), 1);
      const a = await ep.load();
      const b = await ep.load();
      assert.equal(a.client, b.client);
    } finally {
      ep.close();
    }
  });

  it('refresh() reads the WSDL again and builds a new client', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      const before = wsdlFetches(server);
      const c1 = (await ep.load()).client;
      const ops = await ep.refresh();
      const c2 = (await ep.load()).client;
      assert.notEqual(c1, c2);
      assert.equal(wsdlFetches(server) - before, 2);
      assert.deepEqual(
        ops.map((o) => o.name),
        ['Orderhistorik', 'KontaktRegistrering', 'Inloggning', 'KundPris', 'Bilder'],
      );
    } finally {
      ep.close();
    }
  });

  it('a failed refresh keeps the working client', async () => {
    const s2 = await startEshopServer();
    const ep = new WsEndpoint({ wsdl: s2.wsdlUrl });
    try {
      const c1 = (await ep.load()).client;
      await s2.close();
      await assert.rejects(ep.refresh(), (e: WsError) => e.code === 'WS_NETWORK');
      assert.equal((await ep.load()).client, c1);
    } finally {
      ep.close();
    }
  });

  it('defaults the endpoint to the WSDL URL, never to the soap:address in the WSDL', async () => {
    // the reference WSDL's soap:address is http://127.0.0.1:8080/...: nothing may go there
    const ref = await startSoapServer({
      wsdlFile: REFERENCE_WSDL,
      path: '/wtswstest/2',
      service: 'PyramidService',
      handlers: { ArtGetStock: (a) => ({ itemNo: a.itemNo, itemStock: '7' }) },
    });
    const ep = new WsEndpoint({ wsdl: ref.wsdlUrl });
    try {
      assert.equal(ep.endpointUrl, ref.url);
      const r = await ep.call('ArtGetStock', { itemNo: '00123' });
      assert.deepEqual(r.result, { itemNo: '00123', itemStock: '7' });
      assert.equal(soapCalls(ref), 1);
    } finally {
      ep.close();
      await ref.close();
    }
  });

  it('uses the endpoint override with a local WSDL file, and requires one', async () => {
    assert.throws(() => new WsEndpoint({ wsdl: PROJECT_WSDL }), (e: WsError) => e.code === 'WS_CONFIG' && /endpoint/.test(e.message));
    const ep = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: server.url });
    try {
      const before = soapCalls(server);
      const r = await callMessage(ep, 'contact', { customerNumber: '10017', firstName: 'Eva', lastName: 'Ek', email: 'eva@example.se' });
      assert.deepEqual(r.model, { contactId: '00077', status: 'registrerad' });
      assert.equal(soapCalls(server) - before, 1);
    } finally {
      ep.close();
    }
  });

  it('refuses a WSDL import from another origin', async () => {
    const dir = tmpDir('pyr-ws-import-');
    const file = path.join(dir, 'importing.wsdl');
    const text = fs
      .readFileSync(PROJECT_WSDL, 'utf8')
      .replace('<wsdl:types>', '<wsdl:import namespace="urn:x" location="http://192.0.2.1/evil.wsdl" />\n  <wsdl:types>');
    fs.writeFileSync(file, text);
    const ep = new WsEndpoint({ wsdl: file, endpoint: server.url });
    try {
      await assert.rejects(ep.load(), (e: WsError) => e.code === 'WS_WSDL' && /192\.0\.2\.1.*refused/.test(e.message));
    } finally {
      ep.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists operations with their input fields (WSDL introspection)', async () => {
    const ep = new WsEndpoint({ wsdl: REFERENCE_WSDL, endpoint: 'http://127.0.0.1:9/unused' });
    try {
      const ops = await ep.operations();
      const create = ops.find((o) => o.name === 'CreateOrder');
      assert.ok(create);
      assert.ok(create.input.some((f) => f.name === 'CustomerCode' && f.type === 'xsd:string'));
      const rows = create.input.find((f) => f.name === 'OrderRows');
      assert.deepEqual(rows?.fields?.[0].name, 'OrderRow');
      assert.equal(rows?.fields?.[0].list, true);
      assert.ok(rows?.fields?.[0].fields?.some((f) => f.name === 'ArtCode'));
      assert.deepEqual(ops.find((o) => o.name === 'PBSWebServiceTest')?.input, []);
      assert.equal(ops.length, 13);
    } finally {
      ep.close();
    }
  });

  it('names an unknown operation and does not call a client method by that name', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      for (const op of ['NoSuchOp', 'setEndpoint', 'describe', 'constructor']) {
        await assert.rejects(ep.call(op, {}), (e: WsError) => e.code === 'WS_OPERATION' && e.operation === op && e.message.includes('Inloggning'));
      }
    } finally {
      ep.close();
    }
  });
});

describe('WsEndpoint: faults, HTTP errors, timeouts, retries', () => {
  let server: TestSoapServer;
  before(async () => {
    server = await startEshopServer({
      handlers: {
        KontaktRegistrering: () => {
          throw fault('soap:Server', 'Kundregistret är låst');
        },
        // never answers: a hung WTS program
        Bilder: () => undefined,
      },
    });
  });
  after(() => server.close());

  it('turns a SOAP fault into WS_FAULT with code, text, operation and HTTP status', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      await assert.rejects(
        callMessage(ep, 'contact', { customerNumber: '1', firstName: 'A', lastName: 'B', email: 'a@b.se' }),
        (e: WsError) => {
          assert.equal(e.code, 'WS_FAULT');
          assert.equal(e.operation, 'KontaktRegistrering');
          assert.equal(e.faultCode, 'soap:Server');
          assert.equal(e.faultString, 'Kundregistret är låst');
          assert.equal(e.httpStatus, 500);
          assert.match(e.message, /^KontaktRegistrering: SOAP fault soap:Server: Kundregistret är låst/);
          return true;
        },
      );
    } finally {
      ep.close();
    }
  });

  it('a fault answered with HTTP 200 is still a fault', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      await assert.rejects(
        callMessage(ep, 'order-history', { customerNumber: '404' }, { debug: true }),
        (e: WsCallError) =>
          e.code === 'WS_FAULT' &&
          e.httpStatus === 200 &&
          e.faultCode === 'soap:Client' &&
          e.faultString === 'Okänd kund 404' &&
          e.operation === 'Orderhistorik' &&
          /<soap:Fault>/.test(e.exchange?.response ?? ''),
      );
      // and through soap's own parse, for a pass-through call
      await assert.rejects(ep.call('Orderhistorik', { Kundnummer: '404' }), (e: WsError) => e.code === 'WS_FAULT' && e.httpStatus === 200 && e.faultString === 'Okänd kund 404');
    } finally {
      ep.close();
    }
  });

  it('times out with WS_TIMEOUT and retries a read-only operation only', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl, timeoutMs: 300, retries: 2 });
    try {
      const before = soapCalls(server);
      await assert.rejects(callMessage(ep, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_TIMEOUT' && e.operation === 'Bilder');
      // Bilder is read-only: 1 + 2 retries
      assert.equal(soapCalls(server) - before, 3);
    } finally {
      ep.close();
    }
  });

  it('never repeats an operation that changes data', async () => {
    const hung = await startEshopServer({ handlers: { KontaktRegistrering: () => undefined } });
    const ep = new WsEndpoint({ wsdl: hung.wsdlUrl, timeoutMs: 300, retries: 5 });
    try {
      await assert.rejects(
        callMessage(ep, 'contact', { customerNumber: '1', firstName: 'A', lastName: 'B', email: 'a@b.se' }),
        (e: WsError) => e.code === 'WS_TIMEOUT',
      );
      assert.equal(soapCalls(hung), 1);
    } finally {
      ep.close();
      await hung.close();
    }
  });

  it('never retries an authentication failure, even for an operation configured read-only', async () => {
    let attempts = 0;
    const flaky = await startSoapServer({
      wsdlFile: REFERENCE_WSDL,
      path: '/wtswstest/2',
      service: 'PyramidService',
      handlers: { ArtGetStock: (a) => ({ itemNo: a.itemNo, itemStock: '3' }), CreateOrder: () => ({ OrderNo: '1' }) },
      authorize: (req) => {
        if (req.method !== 'POST') return true;
        attempts++;
        return attempts > 2;
      },
    });
    const ep = new WsEndpoint({ wsdl: flaky.wsdlUrl, retries: 3, readOnlyOperations: ['ArtGetStock'] });
    try {
      await assert.rejects(ep.call('CreateOrder', {}), (e: WsError) => e.code === 'WS_AUTH' && e.httpStatus === 401);
      assert.equal(attempts, 1);
      await assert.rejects(ep.call('ArtGetStock', { itemNo: '1' }), (e: WsError) => e.code === 'WS_AUTH');
      assert.equal(attempts, 2, 'a 401 is not retried even for a read-only operation');
      const r = await ep.call('ArtGetStock', { itemNo: '1' });
      assert.equal(r.attempts, 1);
    } finally {
      ep.close();
      await flaky.close();
    }
  });

  it('retries a read-only call through 503s until it succeeds', async () => {
    let n = 0;
    const http = await import('node:http');
    // a front that answers 503 twice, then proxies nothing but the real server's answer
    const real = await startEshopServer();
    const front = http.createServer((req, res) => {
      if (req.method === 'POST' && n++ < 2) {
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      const p = http.request({ host: '127.0.0.1', port: real.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(p);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    const port = (front.address() as import('node:net').AddressInfo).port;
    const ep = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: `http://127.0.0.1:${port}/wts/eshop`, retries: 2 });
    try {
      const r = await callMessage(ep, 'customer-price', { customerNumber: '10017', rows: [{ articleCode: '00123', quantity: '2' }] });
      assert.equal(r.attempts, 3);
      assert.equal(r.model.rows instanceof Array, true);
      n = 0;
      const ep0 = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: `http://127.0.0.1:${port}/wts/eshop`, retries: 0 });
      await assert.rejects(callMessage(ep0, 'customer-price', { customerNumber: '1', rows: [{ articleCode: '1' }] }), (e: WsError) => e.code === 'WS_HTTP' && e.httpStatus === 503);
      ep0.close();
    } finally {
      ep.close();
      front.closeAllConnections();
      await new Promise<void>((r) => front.close(() => r()));
      await real.close();
    }
  });

  it('reports a refused connection as WS_NETWORK, and a missing WSDL file as WS_WSDL', async () => {
    const closed = await startEshopServer();
    const url = closed.url;
    await closed.close();
    const ep = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: url, retries: 0 });
    try {
      await assert.rejects(callMessage(ep, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_NETWORK' && e.operation === 'Bilder');
    } finally {
      ep.close();
    }
    const ep2 = new WsEndpoint({ wsdl: '/nonexistent/x.wsdl', endpoint: url });
    await assert.rejects(ep2.load(), (e: WsError) => e.code === 'WS_WSDL' && /does not exist/.test(e.message));
    ep2.close();
  });

  it('reports a WSDL URL answering 404 as WS_WSDL with the status', async () => {
    const ep = new WsEndpoint({ wsdl: server.url.replace('/wts/eshop', '/nothing') + '?wsdl' });
    try {
      await assert.rejects(ep.load(), (e: WsError) => e.code === 'WS_WSDL' && e.httpStatus === 404 && /HTTP 404/.test(e.message));
    } finally {
      ep.close();
    }
  });

  it('validates the request with the catalogue before sending anything (WS_REQUEST with issues)', async () => {
    const ep = new WsEndpoint({ wsdl: server.wsdlUrl });
    try {
      const before = soapCalls(server);
      await assert.rejects(callMessage(ep, 'customer-price', { rows: [] }), (e: WsError) => {
        assert.equal(e.code, 'WS_REQUEST');
        assert.match(e.message, /KundPris/);
        assert.ok(Array.isArray(e.issues) && e.issues.length > 0);
        return true;
      });
      assert.equal(soapCalls(server) - before, 0);
    } finally {
      ep.close();
    }
  });

  it('keeps response elements the catalogue does not know under extra', async () => {
    const more = await startEshopServer({ handlers: { Inloggning: () => ({ Godkand: 'J', KontaktId: '7', Kundgrupp: 'VIP' }) } });
    const ep = new WsEndpoint({ wsdl: more.wsdlUrl });
    try {
      const r = await callMessage(ep, 'login', { username: 'anna', password: PASSWORD });
      assert.deepEqual(r.model, { approved: true, contactId: '7', extra: { Kundgrupp: 'VIP' } });
    } finally {
      ep.close();
      await more.close();
    }
  });

  it('refuses a response the catalogue cannot accept (WS_RESPONSE)', async () => {
    const bad = await startEshopServer({ handlers: { KontaktRegistrering: () => ({ KontaktId: '1', Status: 'kanske' }) } });
    const ep = new WsEndpoint({ wsdl: bad.wsdlUrl });
    try {
      await assert.rejects(callMessage(ep, 'contact', { customerNumber: '1', firstName: 'A', lastName: 'B', email: 'a@b.se' }), (e: WsError) => e.code === 'WS_RESPONSE' && /kanske/.test(e.message));
    } finally {
      ep.close();
      await bad.close();
    }
  });
});

describe('WsEndpoint: authentication', () => {
  it('HTTP basic: WSDL fetch and calls carry it; a wrong password is WS_AUTH', async () => {
    const expected = 'Basic ' + Buffer.from('shop:' + PASSWORD).toString('base64');
    const s = await startEshopServer({ authorize: (req) => req.headers.authorization === expected });
    try {
      const ok = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'basic', username: 'shop', password: PASSWORD } });
      const r = await callMessage(ok, 'login', { username: 'anna', password: PASSWORD });
      assert.equal(r.model.approved, true);
      assert.ok(s.requests.every((q) => q.headers.authorization === expected));
      assert.ok(s.requests.some((q) => q.method === 'GET'));
      ok.close();
      const wrong = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'basic', username: 'shop', password: 'wrong-password' } });
      await assert.rejects(wrong.load(), (e: WsError) => e.code === 'WS_AUTH' && e.httpStatus === 401 && !e.message.includes('wrong-password'));
      wrong.close();
      const wrongCall = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: s.url, auth: { type: 'basic', username: 'shop', password: 'wrong-password' } });
      await assert.rejects(callMessage(wrongCall, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_AUTH' && e.operation === 'Bilder');
      wrongCall.close();
    } finally {
      await s.close();
    }
  });

  it('AuthHeader: Id and Routine reach the service in the WTS namespace', async () => {
    let seen: unknown;
    const s = await startEshopServer({
      handlers: {
        Bilder: (a, _cb, headers) => {
          seen = headers;
          const h = (headers as { AuthHeader?: { Id?: string } }).AuthHeader;
          if (h?.Id !== 'WTS-KEY-991') throw fault('soap:Client', 'Not authorised');
          return eshopHandlers().Bilder(a);
        },
      },
    });
    try {
      const ok = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'authheader', id: 'WTS-KEY-991', routine: 'WEBSHOP' } });
      const r = await callMessage(ok, 'images', { articleCode: '00123' }, { debug: true });
      assert.deepEqual(seen, { AuthHeader: { Id: 'WTS-KEY-991', Routine: 'WEBSHOP' } });
      assert.match(s.bodies.at(-1) ?? '', /<AuthHeader xmlns="http:\/\/www\.unikum\.se\/pws"><Id>WTS-KEY-991<\/Id><Routine>WEBSHOP<\/Routine><\/AuthHeader>/);
      assert.match(r.request ?? '', /<AuthHeader[^>]*><Id>\*\*\*<\/Id><Routine>WEBSHOP<\/Routine>/);
      assert.ok(!r.request?.includes('WTS-KEY-991'));
      ok.close();
      const wrong = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'authheader', id: 'WRONG-KEY' } });
      await assert.rejects(callMessage(wrong, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_FAULT' && e.faultString === 'Not authorised' && !e.message.includes('WRONG-KEY'));
      wrong.close();
    } finally {
      await s.close();
    }
  });

  for (const passwordType of ['text', 'digest'] as const) {
    for (const timestamp of [true, false]) {
      it(`WS-Security UsernameToken (${passwordType}, timestamp ${timestamp ? 'on' : 'off'}); a wrong password is WS_AUTH`, async () => {
        let last: Record<string, unknown> | undefined;
        const s = await startEshopServer({
          authenticate: (security) => {
            const sec = security as Record<string, unknown> | undefined;
            last = sec;
            const tok = sec?.UsernameToken as { Username?: string; Password?: { $value?: string } | string; Nonce?: { $value?: string } | string; Created?: string } | undefined;
            if (!tok || tok.Username !== 'shop') return false;
            const pw = typeof tok.Password === 'object' ? tok.Password.$value : tok.Password;
            if (passwordType === 'text') return pw === PASSWORD;
            const nonce = typeof tok.Nonce === 'object' ? tok.Nonce.$value : tok.Nonce;
            return pw === soap.passwordDigest(nonce ?? '', tok.Created ?? '', PASSWORD);
          },
        });
        try {
          const ok = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'wsse', username: 'shop', password: PASSWORD, passwordType, timestamp } });
          const r = await callMessage(ok, 'images', { articleCode: '00123' }, { debug: true });
          assert.equal(r.model.articleCode, '00123');
          assert.equal('Timestamp' in (last ?? {}), timestamp);
          const body = s.bodies.at(-1) ?? '';
          assert.equal(body.includes(PASSWORD), passwordType === 'text');
          assert.ok(!r.request?.includes(PASSWORD));
          assert.match(r.request ?? '', /<wsse:Password[^>]*>\*\*\*<\/wsse:Password>/);
          ok.close();
          const wrong = new WsEndpoint({ wsdl: s.wsdlUrl, auth: { type: 'wsse', username: 'shop', password: 'not-it-at-all', passwordType, timestamp } });
          await assert.rejects(callMessage(wrong, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_AUTH' && e.httpStatus === 401);
          wrong.close();
        } finally {
          await s.close();
        }
      });
    }
  }
});

describe('WsEndpoint: TLS', () => {
  let dir: string;
  let cert: { key: string; cert: string; certFile: string };
  let other: { key: string; cert: string; certFile: string };
  let s: TestSoapServer;
  before(async () => {
    dir = tmpDir('pyr-ws-tls-');
    cert = selfSignedCert(dir, 'server');
    other = selfSignedCert(dir, 'other');
    s = await startEshopServer({ tls: { key: cert.key, cert: cert.cert } });
  });
  after(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed certificate by default (WS_TLS), for the WSDL fetch and for calls', async () => {
    assert.match(s.url, /^https:/);
    const ep = new WsEndpoint({ wsdl: s.wsdlUrl });
    await assert.rejects(ep.load(), (e: WsError) => e.code === 'WS_TLS');
    ep.close();
    const ep2 = new WsEndpoint({ wsdl: PROJECT_WSDL, endpoint: s.url, retries: 0 });
    await assert.rejects(callMessage(ep2, 'images', { articleCode: '1' }), (e: WsError) => e.code === 'WS_TLS' && e.operation === 'Bilder');
    ep2.close();
  });

  it('trusts the certificate given as CA (PEM text or file), and no other', async () => {
    for (const ca of [cert.cert, cert.certFile]) {
      const ep = new WsEndpoint({ wsdl: s.wsdlUrl, ca });
      const r = await callMessage(ep, 'login', { username: 'anna', password: PASSWORD });
      assert.equal(r.model.approved, true);
      ep.close();
    }
    const wrong = new WsEndpoint({ wsdl: s.wsdlUrl, ca: other.cert });
    await assert.rejects(wrong.load(), (e: WsError) => e.code === 'WS_TLS');
    wrong.close();
  });

  it('connects without verification only when told to', async () => {
    const ep = new WsEndpoint({ wsdl: s.wsdlUrl, verifyTls: false });
    const r = await callMessage(ep, 'images', { articleCode: '00123' });
    assert.equal(r.model.images instanceof Array, true);
    ep.close();
  });
});

describe('masking', () => {
  it('masks password-like elements, AuthHeader Id, UsernameToken secrets and literal values', () => {
    const xml =
      '<s:Envelope><s:Header><AuthHeader xmlns="x"><Id>KEY-1</Id><Routine>R</Routine></AuthHeader>' +
      '<wsse:Security><wsse:UsernameToken><wsse:Username>u</wsse:Username><wsse:Password Type="t">pw-secret</wsse:Password><wsse:Nonce>bm9uY2U=</wsse:Nonce></wsse:UsernameToken></wsse:Security></s:Header>' +
      '<s:Body><InloggningRequest><Anvandarnamn>anna</Anvandarnamn><Losenord>S3cr&amp;t</Losenord><Id>keep-me</Id><Note>echo S3cr&amp;t</Note></InloggningRequest></s:Body></s:Envelope>';
    const m = maskXml(xml, ['S3cr&t', 'KEY-1']);
    assert.ok(!m.includes('KEY-1'));
    assert.ok(!m.includes('pw-secret'));
    assert.ok(!m.includes('bm9uY2U='));
    assert.ok(!m.includes('S3cr'));
    assert.ok(m.includes('<Id>keep-me</Id>'), 'an Id outside AuthHeader is data');
    assert.ok(m.includes('<wsse:Username>u</wsse:Username>'));
    assert.ok(m.includes('<Routine>R</Routine>'));
    assert.equal(maskText('a "pw-secret" b', ['pw-secret']), 'a "***" b');
  });

  it('normaliseError masks secrets in fault texts', () => {
    const e = normaliseError({ root: { Envelope: { Body: { Fault: { faultcode: 'soap:Server', faultstring: 'bad password Hemligt-123!' } } } }, response: { status: 500 } }, 'Inloggning', [PASSWORD]);
    assert.equal(e.code, 'WS_FAULT');
    assert.equal(e.faultString, 'bad password ***');
    assert.ok(!e.message.includes(PASSWORD));
  });

  it('a service echoing the password in a fault never leaks it into the error or the debug exchange', async () => {
    const s = await startEshopServer({
      handlers: {
        Inloggning: (a) => {
          throw fault('soap:Client', `Felaktigt lösenord "${String(a.Losenord)}" för ${String(a.Anvandarnamn)}`);
        },
      },
    });
    const ep = new WsEndpoint({ wsdl: s.wsdlUrl });
    try {
      await assert.rejects(callMessage(ep, 'login', { username: 'anna', password: PASSWORD }, { debug: true }), (e: WsCallError) => {
        const all = JSON.stringify({ ...e.toJSON(), stack: e.stack, exchange: e.exchange });
        assert.ok(!all.includes(PASSWORD), all);
        assert.match(e.faultString ?? '', /Felaktigt lösenord "\*\*\*" för anna/);
        assert.match(e.exchange?.request ?? '', /<Losenord>\*\*\*<\/Losenord>/);
        assert.match(e.exchange?.response ?? '', /\*\*\*/);
        return true;
      });
    } finally {
      ep.close();
      await s.close();
    }
  });
});
