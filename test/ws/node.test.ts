/**
 * pyramid-ws and pyramid-ws-endpoint in a real Node-RED runtime (node-red-node-test-helper) against
 * a soap server started from the project's WSDL: every WS message end to end, faults, timeouts,
 * authentication failures, TLS with a self-signed certificate, debug output, the admin endpoint,
 * and a login password that never shows anywhere.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as soap from 'soap';
import { fault, PROJECT_WSDL, selfSignedCert, startEshopServer, tmpDir, type TestSoapServer } from './support';
import { helper, send, statuses, until, wsFlow, wsNodes, type NodeMessage } from './nodered';

const PASSWORD = 'Hemligt-123!';

describe('pyramid-ws: the five catalogue messages end to end', () => {
  let s: TestSoapServer;
  before(async () => {
    await helper.startServer();
    s = await startEshopServer();
  });
  after(async () => {
    await s.close();
    await helper.stopServer();
  });
  afterEach(() => helper.unload());

  it('Orderhistorik: request model in, validated order history model out', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Orderhistorik' }));
    const r = await send({ payload: { customerNumber: '10017', fromDate: '20260101', page: 1, perPage: 20 } });
    assert.ok(r.ok, JSON.stringify(r.caught?.error));
    assert.equal(r.ok.messageType, 'order-history');
    assert.equal(r.ok.operation, 'Orderhistorik');
    const p = r.ok.payload as { orders: Record<string, unknown>[]; totalCount: number };
    assert.equal(p.totalCount, 1);
    assert.equal(p.orders[0].orderNumber, '000123');
    assert.equal(p.orders[0].total, '1661.25');
    assert.deepEqual(p.orders[0].rows, [
      { rowNumber: 1, articleCode: '00123', description: 'Skruv M6', quantity: '100', unitPrice: '12.50', deliveredQuantity: '100' },
    ]);
    assert.equal((p.orders[0].invoices as Record<string, unknown>[])[0].paid, false);
    // the request the service received: built by the catalogue, date normalised
    assert.match(s.bodies.at(-1) ?? '', /<OrderhistorikRequest xmlns="http:\/\/www\.unikum\.se\/pws"><Kundnummer>10017<\/Kundnummer><FranDatum>2026-01-01<\/FranDatum><Sida>1<\/Sida><PerSida>20<\/PerSida><\/OrderhistorikRequest>/);
  });

  it('KontaktRegistrering: a new contact gets its id', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }));
    const r = await send({ operation: 'KontaktRegistrering', payload: { customerNumber: '10017', firstName: 'Eva', lastName: 'Ek', email: 'eva@example.se', phone: '031-12 34 56' } });
    assert.deepEqual(r.ok?.payload, { contactId: '00077', status: 'registrerad' });
    const again = await send({ operation: 'KontaktRegistrering', payload: { customerNumber: '10017', firstName: 'Eva', lastName: 'Ek', email: 'finns@example.se' } });
    assert.deepEqual(again.ok?.payload, { status: 'finns-redan', message: 'Kontakt finns redan' });
  });

  it('Inloggning: approved and refused logins are answers, not errors', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Inloggning' }));
    const ok = await send({ payload: { username: 'anna', password: PASSWORD } });
    assert.deepEqual(ok.ok?.payload, {
      approved: true,
      contactId: '00042',
      customerNumber: '10017',
      name: 'Anna Björk',
      companyName: 'Björk & Söner AB',
      priceList: 'B2B',
      permissions: ['se-priser', 'lagga-order'],
    });
    const no = await send({ payload: { username: 'anna', password: 'fel' } });
    assert.deepEqual(no.ok?.payload, { approved: false, reason: 'fel-uppgifter' });
  });

  it('KundPris: rows in, priced rows out with decimals normalised', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'KundPris' }));
    const r = await send({ payload: { customerNumber: '10017', rows: [{ articleCode: '00123', quantity: '10' }, { articleCode: '00456', quantity: 2.5 }] } });
    const rows = (r.ok?.payload as { rows: Record<string, unknown>[] }).rows;
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1], {
      articleCode: '00456',
      quantity: '2.5',
      listPrice: '15.00',
      discountPercent: '10',
      netPrice: '13.50',
      currency: 'SEK',
      includesVat: false,
      vatPercent: '25',
      priceSource: 'avtal',
    });
  });

  it('Bilder: images with data or url', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }));
    const r = await send({ payload: { articleCode: '00123' } });
    const p = r.ok?.payload as { articleCode: string; images: Record<string, unknown>[] };
    assert.equal(p.articleCode, '00123');
    assert.equal(p.images.length, 2);
    assert.equal(Buffer.from(p.images[0].data as string, 'base64').toString(), 'not really a jpeg');
    assert.equal(p.images[0].main, true);
    assert.equal(p.images[1].url, 'https://cdn.example.se/00123-2.png');
    assert.equal(p.images[1].sortOrder, 2);
  });

  it('one client per endpoint: two nodes, many calls, one WSDL fetch', async () => {
    const before = s.requests.filter((q) => q.method === 'GET').length;
    await helper.load(
      wsNodes,
      wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }, [{ id: 'n2', z: 'f1', type: 'pyramid-ws', endpoint: 'ep', operation: 'KundPris', wires: [['out']] }]),
    );
    for (let i = 0; i < 3; i++) {
      assert.ok((await send({ payload: { articleCode: '00123' } })).ok);
      assert.ok((await send({ payload: { customerNumber: '1', rows: [{ articleCode: '1' }] } }, 'n2')).ok);
    }
    assert.equal(s.requests.filter((q) => q.method === 'GET').length - before, 1);
  });

  it('the node dialog wins over msg.operation; without either the message fails with WS_OPERATION', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }, [{ id: 'n2', z: 'f1', type: 'pyramid-ws', endpoint: 'ep', operation: '', wires: [['out']] }]));
    const r = await send({ operation: 'KundPris', payload: { articleCode: '00123' } });
    assert.equal(r.ok?.operation, 'Bilder');
    const none = await send({ payload: {} }, 'n2');
    assert.equal((none.caught?.error as { code: string }).code, 'WS_OPERATION');
    const unknown = await send({ operation: 'Nope', payload: {} }, 'n2');
    assert.equal((unknown.caught?.error as { code: string }).code, 'WS_OPERATION');
    assert.match((unknown.caught?.error as { message: string }).message, /Nope: no such operation/);
  });

  it('an invalid request model is refused before sending (WS_REQUEST, issues, password masked)', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Inloggning' }));
    const before = s.bodies.length;
    const r = await send({ payload: { password: PASSWORD } });
    assert.ok(r.caught);
    assert.equal((r.caught.error as { code: string }).code, 'WS_REQUEST');
    const wsError = r.caught.wsError as { issues: unknown[]; operation: string };
    assert.equal(wsError.operation, 'Inloggning');
    assert.ok(wsError.issues.length > 0);
    assert.deepEqual(r.caught.payload, { password: '***' });
    assert.ok(!JSON.stringify(r.caught).includes(PASSWORD));
    assert.equal(s.bodies.length, before);
  });

  it('the admin endpoint lists the operations of a deployed endpoint, and refreshes the WSDL on request', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }));
    const res = await helper.request().get('/pyramid-ws-endpoint/ep/operations');
    assert.equal(res.status, 200);
    const ops = res.body.operations as { name: string; catalogueType?: string; input: { name: string }[] }[];
    assert.deepEqual(
      ops.map((o) => [o.name, o.catalogueType]),
      [
        ['Orderhistorik', 'order-history'],
        ['KontaktRegistrering', 'contact'],
        ['Inloggning', 'login'],
        ['KundPris', 'customer-price'],
        ['Bilder', 'images'],
      ],
    );
    assert.deepEqual(
      ops.find((o) => o.name === 'Inloggning')?.input.map((f) => f.name),
      ['Anvandarnamn', 'Losenord'],
    );
    const gets = () => s.requests.filter((q) => q.method === 'GET').length;
    const before = gets();
    assert.equal((await helper.request().get('/pyramid-ws-endpoint/ep/operations')).status, 200);
    assert.equal(gets(), before);
    assert.equal((await helper.request().get('/pyramid-ws-endpoint/ep/operations?refresh=true')).status, 200);
    assert.equal(gets(), before + 1);
    const missing = await helper.request().get('/pyramid-ws-endpoint/nope/operations');
    assert.equal(missing.status, 404);
    const notEndpoint = await helper.request().get('/pyramid-ws-endpoint/n1/operations');
    assert.equal(notEndpoint.status, 404);
  });

  it('reads the WSDL at deploy and shows it on the users\' status', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }));
    await until(() => statuses('n1').some((x) => x.fill === 'green'), 'ready status');
    await helper.unload();
    await helper.load(wsNodes, wsFlow({ wsdl: s.url.replace('/wts/eshop', '/missing') + '?wsdl' }, { operation: 'Bilder' }));
    await until(() => statuses('n1').some((x) => x.fill === 'red'), 'WSDL error status');
    const r = await send({ payload: { articleCode: '1' } });
    assert.equal((r.caught?.error as { code: string }).code, 'WS_WSDL');
  });
});

describe('pyramid-ws: a WTS host that comes up after Node-RED', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  it('shows the WSDL error at deploy, then reads the WSDL on the first message once the host is up', async () => {
    const probe = await startEshopServer();
    const port = probe.port;
    await probe.close();
    await helper.load(wsNodes, wsFlow({ wsdl: `http://127.0.0.1:${port}/wts/eshop?wsdl` }, { operation: 'Bilder' }));
    await until(() => statuses('n1').some((x) => x.fill === 'red'), 'unreachable status');
    const down = await send({ payload: { articleCode: '00123' } });
    assert.equal((down.caught?.error as { code: string }).code, 'WS_NETWORK');
    const s = await startEshopServer({ listenPort: port });
    try {
      const up = await send({ payload: { articleCode: '00123' } });
      assert.equal((up.ok?.payload as { articleCode: string }).articleCode, '00123');
      assert.equal(statuses('n1').at(-1)?.fill, 'green');
    } finally {
      await s.close();
    }
  });
});

describe('pyramid-ws: faults, HTTP errors, timeouts', () => {
  let s: TestSoapServer;
  before(async () => {
    await helper.startServer();
    s = await startEshopServer({
      handlers: {
        KontaktRegistrering: () => {
          throw fault('soap:Server', 'Kundregistret är låst');
        },
        Bilder: () => undefined,
      },
    });
  });
  after(async () => {
    await s.close();
    await helper.stopServer();
  });
  afterEach(() => helper.unload());

  it('a SOAP fault reaches Catch with code, fault text and operation; status turns red, and green again after a success', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }));
    const r = await send({ operation: 'KontaktRegistrering', payload: { customerNumber: '1', firstName: 'A', lastName: 'B', email: 'a@b.se' } });
    assert.ok(r.caught);
    const error = r.caught.error as { code: string; message: string; source: { id: string } };
    assert.equal(error.code, 'WS_FAULT');
    assert.equal(error.source.id, 'n1');
    assert.match(error.message, /KontaktRegistrering: SOAP fault soap:Server: Kundregistret är låst/);
    assert.deepEqual(r.caught.wsError, {
      code: 'WS_FAULT',
      message: 'KontaktRegistrering: SOAP fault soap:Server: Kundregistret är låst',
      operation: 'KontaktRegistrering',
      faultCode: 'soap:Server',
      faultString: 'Kundregistret är låst',
      httpStatus: 500,
    });
    assert.deepEqual(statuses('n1').at(-1), { fill: 'red', shape: 'ring', text: 'pyramid-ws.status.WS_FAULT' });
    const ok = await send({ operation: 'Inloggning', payload: { username: 'anna', password: PASSWORD } });
    assert.ok(ok.ok);
    assert.equal(statuses('n1').at(-1)?.fill, 'green');
  });

  it('a timeout reaches Catch as WS_TIMEOUT', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, timeout: 0.3, retries: 0 }, { operation: 'Bilder' }));
    const r = await send({ payload: { articleCode: '1' } });
    assert.equal((r.caught?.error as { code: string }).code, 'WS_TIMEOUT');
    assert.equal((r.caught?.wsError as { operation: string }).operation, 'Bilder');
    assert.equal(statuses('n1').at(-1)?.text, 'pyramid-ws.status.WS_TIMEOUT');
  });

  it('an HTTP error without a fault reaches Catch as WS_HTTP with the status', async () => {
    const http = await import('node:http');
    const front = http.createServer((_req, res) => {
      res.statusCode = 502;
      res.end('<html>Bad gateway</html>');
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
    const port = (front.address() as import('node:net').AddressInfo).port;
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: PROJECT_WSDL, endpoint: `http://127.0.0.1:${port}/wts`, retries: 0 }, { operation: 'KundPris' }));
      const r = await send({ payload: { customerNumber: '1', rows: [{ articleCode: '1' }] } });
      assert.equal((r.caught?.error as { code: string }).code, 'WS_HTTP');
      assert.equal((r.caught?.wsError as { httpStatus: number }).httpStatus, 502);
      assert.equal(statuses('n1').at(-1)?.text, 'HTTP 502');
    } finally {
      front.closeAllConnections();
      await new Promise<void>((r) => front.close(() => r()));
    }
  });
});

describe('pyramid-ws: authentication and TLS', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  it('HTTP basic: right credentials work, wrong ones reach Catch as WS_AUTH', async () => {
    const expected = 'Basic ' + Buffer.from(`shop:${PASSWORD}`).toString('base64');
    const s = await startEshopServer({ authorize: (req) => req.headers.authorization === expected });
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, auth: 'basic' }, { operation: 'Bilder' }), { ep: { user: 'shop', password: PASSWORD } });
      assert.ok((await send({ payload: { articleCode: '00123' } })).ok);
      await helper.unload();
      await helper.load(wsNodes, wsFlow({ wsdl: PROJECT_WSDL, endpoint: s.url, auth: 'basic' }, { operation: 'Bilder' }), { ep: { user: 'shop', password: 'wrong-one' } });
      const r = await send({ payload: { articleCode: '00123' } });
      assert.equal((r.caught?.error as { code: string }).code, 'WS_AUTH');
      assert.equal((r.caught?.wsError as { httpStatus: number }).httpStatus, 401);
    } finally {
      await s.close();
    }
  });

  it('AuthHeader: the Id from the credentials reaches the service; a wrong one is the service\'s fault', async () => {
    const s = await startEshopServer({
      handlers: {
        Bilder: (a, _cb, headers) => {
          const h = (headers as { AuthHeader?: { Id?: string; Routine?: string } }).AuthHeader;
          if (h?.Id !== 'WTS-KEY-991' || h.Routine !== 'WEBSHOP') throw fault('soap:Client', 'Not authorised');
          return { Artikelkod: a.Artikelkod };
        },
      },
    });
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, auth: 'authheader', routine: 'WEBSHOP' }, { operation: 'Bilder', debug: true }), { ep: { authId: 'WTS-KEY-991' } });
      const r = await send({ payload: { articleCode: '00123' } });
      assert.deepEqual(r.ok?.payload, { articleCode: '00123' });
      assert.ok(!JSON.stringify(r.ok).includes('WTS-KEY-991'));
      assert.match((r.ok?.soap as { request: string }).request, /<Id>\*\*\*<\/Id>/);
      await helper.unload();
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, auth: 'authheader', routine: 'WEBSHOP' }, { operation: 'Bilder' }), { ep: { authId: 'WRONG' } });
      const bad = await send({ payload: { articleCode: '00123' } });
      assert.equal((bad.caught?.error as { code: string }).code, 'WS_FAULT');
      assert.equal((bad.caught?.wsError as { faultString: string }).faultString, 'Not authorised');
    } finally {
      await s.close();
    }
  });

  it('WS-Security UsernameToken digest with timestamp: right credentials work, wrong ones reach Catch as WS_AUTH', async () => {
    const s = await startEshopServer({
      authenticate: (security) => {
        const sec = security as { Timestamp?: unknown; UsernameToken?: { Username?: string; Password?: { $value?: string }; Nonce?: { $value?: string }; Created?: string } } | undefined;
        const t = sec?.UsernameToken;
        if (!sec?.Timestamp || t?.Username !== 'shop') return false;
        return t.Password?.$value === soap.passwordDigest(t.Nonce?.$value ?? '', t.Created ?? '', PASSWORD);
      },
    });
    try {
      const cfg = { wsdl: s.wsdlUrl, auth: 'wsse', wssPasswordType: 'digest', wssTimestamp: true };
      await helper.load(wsNodes, wsFlow(cfg, { operation: 'Bilder' }), { ep: { user: 'shop', password: PASSWORD } });
      assert.ok((await send({ payload: { articleCode: '00123' } })).ok);
      await helper.unload();
      await helper.load(wsNodes, wsFlow(cfg, { operation: 'Bilder' }), { ep: { user: 'shop', password: 'nope-nope' } });
      const r = await send({ payload: { articleCode: '00123' } });
      assert.equal((r.caught?.error as { code: string }).code, 'WS_AUTH');
    } finally {
      await s.close();
    }
  });

  it('TLS with a self-signed certificate: refused by default, accepted with it as trusted CA', async () => {
    const dir = tmpDir('pyr-ws-node-tls-');
    const cert = selfSignedCert(dir);
    const s = await startEshopServer({ tls: { key: cert.key, cert: cert.cert } });
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Bilder' }));
      const r = await send({ payload: { articleCode: '00123' } });
      assert.equal((r.caught?.error as { code: string }).code, 'WS_TLS');
      await helper.unload();
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, ca: cert.cert }, { operation: 'Bilder' }));
      const ok = await send({ payload: { articleCode: '00123' } });
      assert.equal((ok.ok?.payload as { articleCode: string }).articleCode, '00123');
      await helper.unload();
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, ca: cert.certFile }, { operation: 'Bilder' }));
      assert.ok((await send({ payload: { articleCode: '00123' } })).ok);
    } finally {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pyramid-ws: a login password never shows', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(() => helper.unload());

  it('not in output, debug XML, Catch messages, status, warnings or logs, even when the service echoes it', async () => {
    const s = await startEshopServer({
      handlers: {
        Inloggning: (a) => {
          if (a.Anvandarnamn === 'echo') throw fault('soap:Client', `Felaktigt lösenord ${String(a.Losenord)}`);
          return { Godkand: 'J', KontaktId: '1', Behorigheter: { Behorighet: [] } };
        },
      },
    });
    const seen: unknown[] = [];
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl, auth: 'basic' }, { operation: 'Inloggning', debug: true }), { ep: { user: 'shop', password: 'Basic-Pass-77' } });
      const ok = await send({ payload: { username: 'anna', password: PASSWORD } });
      assert.ok(ok.ok);
      assert.match((ok.ok.soap as { request: string }).request, /<Losenord>\*\*\*<\/Losenord>/);
      seen.push(ok.ok);
      const bad = await send({ payload: { username: 'echo', password: PASSWORD } });
      assert.ok(bad.caught);
      assert.match((bad.caught.wsError as { faultString: string }).faultString, /Felaktigt lösenord \*\*\*/);
      assert.deepEqual(bad.caught.payload, { username: 'echo', password: '***' });
      assert.match((bad.caught.soap as { request: string }).request, /<Losenord>\*\*\*<\/Losenord>/);
      seen.push(bad.caught);
      // the server did get the real password: masking is on our side only
      assert.ok(s.bodies.some((b) => b.includes(`<Losenord>${PASSWORD}</Losenord>`)));
      for (const m of ['status', 'warn', 'error', 'log', 'send']) {
        seen.push(helper._NodePrototype[m].getCalls().map((c) => c.args));
      }
      seen.push(helper.log().getCalls().map((c) => c.args));
      const text = JSON.stringify(seen, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
      assert.ok(!text.includes(PASSWORD), 'the login password leaked');
      assert.ok(!text.includes('Basic-Pass-77'), 'the endpoint password leaked');
      assert.ok(text.includes('***'));
    } finally {
      await s.close();
    }
  });

  it('pass-through operations: password-like arguments are masked in a failed msg', async () => {
    const s = await startEshopServer();
    try {
      await helper.load(wsNodes, wsFlow({ wsdl: s.wsdlUrl }, { operation: 'Nope' }));
      const r = await send({ payload: { user: 'u', password: 'Pass-Through-9', nested: { losenord: 'Pass-Through-9' } } });
      const m = r.caught as NodeMessage;
      assert.deepEqual(m.payload, { user: 'u', password: '***', nested: { losenord: '***' } });
    } finally {
      await s.close();
    }
  });
});
