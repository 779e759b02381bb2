/**
 * A customer's own WTS operations: a soap server started from the real Pyramid WTS WSDL in
 * shared/reference, with handlers written here, called through pyramid-ws. Arguments pass through
 * and results come back as the service sent them; with and without the WTS AuthHeader.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fault, REFERENCE_WSDL, startSoapServer, type Handler, type TestSoapServer } from './support';
import { helper, send, wsFlow, wsNodes } from './nodered';

interface Seen {
  args: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

function wtsHandlers(seen: Seen[], requireAuth: boolean): Record<string, Handler> {
  const check = (args: Record<string, unknown>, headers?: Record<string, unknown>) => {
    seen.push({ args, headers });
    if (!requireAuth) return;
    const h = headers?.AuthHeader as { Id?: string; Routine?: string } | undefined;
    if (h?.Id !== 'WTS-7f3a' || h.Routine !== 'WEBORDER') throw fault('soap:Client', 'AuthHeader saknas eller är fel');
  };
  return {
    ArtGetStock(args, _cb, headers) {
      check(args, headers);
      return { itemNo: args.itemNo, itemStock: args.itemNo === '00123' ? '42,5' : '0' };
    },
    ArtGetPrice(args, _cb, headers) {
      check(args, headers);
      if (args.itemNo === 'X') throw fault('soap:Server', `Artikel ${String(args.itemNo)} finns inte`);
      return { itemNo: args.itemNo, itemName: 'Skruv rostfri M6x20 A4', itemPrice: '12,50' };
    },
    CreateOrder(args, _cb, headers) {
      check(args, headers);
      const rows = (args.OrderRows as { OrderRow: unknown } | undefined)?.OrderRow;
      const n = Array.isArray(rows) ? rows.length : rows ? 1 : 0;
      return { OrderNo: `7000${n}` };
    },
  };
}

async function referenceServer(seen: Seen[], requireAuth: boolean): Promise<TestSoapServer> {
  return startSoapServer({ wsdlFile: REFERENCE_WSDL, path: '/wtswstest/2', service: 'PyramidService', handlers: wtsHandlers(seen, requireAuth) });
}

describe('pyramid-ws against the reference Pyramid WTS WSDL', () => {
  const seen: Seen[] = [];
  let open: TestSoapServer;
  let guarded: TestSoapServer;
  before(async () => {
    await helper.startServer();
    open = await referenceServer(seen, false);
    guarded = await referenceServer(seen, true);
  });
  after(async () => {
    await open.close();
    await guarded.close();
    await helper.stopServer();
  });
  afterEach(() => helper.unload());

  it('ArtGetStock without AuthHeader: arguments pass through, the result comes back as sent', async () => {
    // the WSDL URL has WTS's form; its soap:address points elsewhere and must not be used
    await helper.load(wsNodes, wsFlow({ wsdl: `${open.url}?WSQUERY` }, { operation: 'ArtGetStock' }));
    const r = await send({ payload: { itemNo: '00123' } });
    assert.deepEqual(r.ok?.payload, { itemNo: '00123', itemStock: '42,5' });
    assert.equal(r.ok?.operation, 'ArtGetStock');
    assert.equal(r.ok?.messageType, undefined);
    assert.deepEqual(seen.at(-1), { args: { itemNo: '00123' }, headers: undefined });
    assert.match(open.bodies.at(-1) ?? '', /<ArtGetStockRequest xmlns="http:\/\/www\.unikum\.se\/pws"><itemNo>00123<\/itemNo><\/ArtGetStockRequest>/);
  });

  it('ArtGetPrice and CreateOrder from msg.operation, with AuthHeader', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: `${guarded.url}?WSQUERY`, auth: 'authheader', routine: 'WEBORDER' }, { debug: true }), { ep: { authId: 'WTS-7f3a' } });
    const price = await send({ operation: 'ArtGetPrice', payload: { custNo: '10017', itemNo: '00123' } });
    assert.deepEqual(price.ok?.payload, { itemNo: '00123', itemName: 'Skruv rostfri M6x20 A4', itemPrice: '12,50' });
    assert.deepEqual(seen.at(-1)?.headers, { AuthHeader: { Id: 'WTS-7f3a', Routine: 'WEBORDER' } });
    assert.ok(!JSON.stringify(price.ok).includes('WTS-7f3a'), 'the AuthHeader Id is masked in debug output');

    const order = await send({
      operation: 'CreateOrder',
      payload: {
        CustomerCode: '10017',
        YourOrder: 'WC-10042',
        DeliveryAddress1: 'Björk & Söner AB',
        CountryCode: 'SE',
        OrderRows: { OrderRow: [{ RowType: '1', ArtCode: '00123', Quantity: '100' }, { RowType: '1', ArtCode: '00456', Quantity: '2' }] },
      },
    });
    assert.deepEqual(order.ok?.payload, { OrderNo: '70002' });
    const args = seen.at(-1)?.args as Record<string, unknown>;
    assert.equal(args.DeliveryAddress1, 'Björk & Söner AB');
    assert.equal(((args.OrderRows as { OrderRow: unknown[] }).OrderRow).length, 2);
    assert.match((order.ok?.soap as { request: string }).request, /<Id>\*\*\*<\/Id><Routine>WEBORDER<\/Routine>/);
  });

  it('without the AuthHeader a guarded service answers with its fault, which reaches Catch', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: `${guarded.url}?WSQUERY` }, { operation: 'CreateOrder' }));
    const r = await send({ payload: { CustomerCode: '10017' } });
    assert.equal((r.caught?.error as { code: string }).code, 'WS_FAULT');
    assert.deepEqual(
      { faultCode: (r.caught?.wsError as Record<string, unknown>).faultCode, faultString: (r.caught?.wsError as Record<string, unknown>).faultString, operation: (r.caught?.wsError as Record<string, unknown>).operation },
      { faultCode: 'soap:Client', faultString: 'AuthHeader saknas eller är fel', operation: 'CreateOrder' },
    );
  });

  it('a fault from a customer operation carries its text', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: `${open.url}?WSQUERY` }, { operation: 'ArtGetPrice' }));
    const r = await send({ payload: { custNo: '1', itemNo: 'X' } });
    assert.equal((r.caught?.wsError as { faultString: string }).faultString, 'Artikel X finns inte');
  });

  it('the editor lists all 13 operations of the customer WSDL, none of them a catalogue message', async () => {
    await helper.load(wsNodes, wsFlow({ wsdl: `${open.url}?WSQUERY` }));
    const res = await helper.request().get('/pyramid-ws-endpoint/ep/operations');
    const ops = res.body.operations as { name: string; catalogueType?: string; input: { name: string }[] }[];
    assert.equal(ops.length, 13);
    assert.ok(ops.every((o) => o.catalogueType === undefined));
    assert.deepEqual(
      ops.find((o) => o.name === 'ArtGetPrice')?.input.map((f) => f.name),
      ['custNo', 'itemNo'],
    );
  });
});
