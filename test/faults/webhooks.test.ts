/*
 * 1,000 duplicate webhook deliveries against the demo's flows (Node-RED in a child process, the
 * simulated shop and Pyramid here): the same delivery id again, in a row and as concurrent copies;
 * the same order under a new delivery id (WooCommerce's redelivery); and both again after Node-RED
 * was restarted on the same user dir (the dedupe state is in the file-backed context store).
 * Every order must reach Pyramid's in-folder as one file and be one Pyramid order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_SHOP } from '../../sim/demo';
import { signWebhookBody } from '../../sim/shop';
import { AUTH, NodeRed, orderHookUrl, count, filesUnder, flowsFor, freePort, orderFiles, pyramidState, registerWebhooks, startSims, tmpDir, waitFor, waitForCatalogue, type Sims } from './support';

const ORDERS = Number(process.env.FAULTS_DUP_ORDERS ?? 50);
const PER_ORDER = 20; // 6 + 4 before the restart, 5 + 5 after it

describe('faults: duplicate webhook deliveries', () => {
  let dir: string;
  let sims: Sims;
  let nr: NodeRed;

  before(async () => {
    dir = tmpDir('webhooks');
    sims = await startSims(dir);
    nr = new NodeRed({ userDir: path.join(dir, 'node-red'), port: await freePort(), context: 'file', ...flowsFor(sims) });
    await nr.start();
    await registerWebhooks(sims.shop, nr.flows, nr.url);
    await waitForCatalogue(sims);
  });
  after(async () => {
    await nr?.kill();
    await sims?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${ORDERS * PER_ORDER} duplicate deliveries of ${ORDERS} orders, across a restart: one order file each`, async () => {
    const orders = Array.from({ length: ORDERS }, () => sims.shop.placeTestOrder());
    const exts = orders.map((o) => `WC-${o.id}`);
    await waitFor('every order imported in Pyramid', async () => {
      const st = await pyramidState(sims);
      return exts.every((e) => st.orders.some((o) => o.externalOrderNumber === e));
    });
    await sims.shop.whenWebhooksIdle();
    // the first deliveries alone: one file each (the reconciliation poll runs beside them)
    const first = orderFiles(sims);
    count('first deliveries', { orders: ORDERS, 'orders with other than one file': exts.filter((e) => (first.get(e)?.length ?? 0) !== 1).join(' ') || 0 });
    const answers: Record<string, number> = {};
    let sent = 0;
    // a delivery exactly as WooCommerce sends it, with the id of the order's first delivery
    const bodies = new Map<number, string>();
    for (const o of orders) {
      const r = await fetch(`${sims.shop.url}/wp-json/wc/v3/orders/${o.id}`, { headers: { authorization: AUTH } });
      bodies.set(o.id, await r.text());
    }
    const firstId = (id: number): string => {
      const d = sims.shop.deliveries.find((x) => x.resourceId === id && x.topic === 'order.created');
      assert.ok(d, `the shop delivered order ${id}`);
      return d.deliveryId;
    };
    const deliver = async (orderId: number): Promise<void> => {
      const body = bodies.get(orderId) as string;
      sent += 1;
      const res = await fetch(orderHookUrl(nr.flows, nr.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-source': `${sims.shop.url}/`,
          'x-wc-webhook-topic': 'order.created',
          'x-wc-webhook-resource': 'order',
          'x-wc-webhook-event': 'created',
          'x-wc-webhook-signature': signWebhookBody(body, DEMO_SHOP.webhookSecret),
          'x-wc-webhook-id': '1',
          'x-wc-webhook-delivery-id': firstId(orderId),
        },
        body,
      });
      await res.arrayBuffer();
      answers[res.status] = (answers[res.status] ?? 0) + 1;
    };
    const redeliver = (orderId: number, n: number): void => {
      for (let i = 0; i < n; i++) {
        sims.shop.redeliver(orderId, 'order.created');
        sent += 1;
      }
    };

    for (const o of orders) {
      for (let i = 0; i < 3; i++) await deliver(o.id); // in a row
      await Promise.all([deliver(o.id), deliver(o.id), deliver(o.id)]); // concurrent copies
      redeliver(o.id, 4); // same order, new delivery ids
    }
    await sims.shop.whenWebhooksIdle();
    const outbox = path.join(dir, 'node-red', 'pyramid-ftp', 'outbox');
    const inDir = path.join(sims.pyramid.dataDir, 'in');
    const settled = (): boolean => filesUnder(outbox).length === 0 && fs.readdirSync(inDir).every((f) => !/^Order_.*\.xml$/.test(f));
    await waitFor('the outbox empty and the in-folder taken', settled);
    const before = orderFiles(sims);
    const doubledBefore = exts.filter((e) => (before.get(e)?.length ?? 0) !== 1);
    count('duplicate deliveries before the restart', { sent, 'orders with other than one file': doubledBefore.length ? doubledBefore.join(' ') : 0 });
    await nr.stop();
    await nr.start();
    for (const o of orders) {
      await Promise.all(Array.from({ length: 5 }, () => deliver(o.id)));
      redeliver(o.id, 5);
    }
    await sims.shop.whenWebhooksIdle();

    // nothing still on its way: the outbox is empty and Pyramid took everything in its in-folder
    await waitFor('the outbox empty and the in-folder taken', settled);
    const st = await pyramidState(sims);
    const files = orderFiles(sims);
    const webhookStatuses: Record<string, number> = {};
    for (const d of sims.shop.deliveries) if (d.topic === 'order.created') webhookStatuses[String(d.status)] = (webhookStatuses[String(d.status)] ?? 0) + 1;
    count('duplicate deliveries', {
      orders: ORDERS,
      'duplicate deliveries': sent,
      'test-sent answers': JSON.stringify(answers),
      'shop deliveries by status': JSON.stringify(webhookStatuses),
      'order files': [...files.values()].reduce((n, f) => n + f.length, 0),
      'Pyramid orders': st.orders.filter((o) => exts.includes(o.externalOrderNumber)).length,
      'Pyramid duplicates': st.duplicates.length,
    });
    assert.equal(sent, ORDERS * PER_ORDER);
    for (const e of exts) {
      assert.deepEqual(files.get(e)?.length, 1, `${e}: ${JSON.stringify(files.get(e))}`);
      assert.equal(st.orders.filter((o) => o.externalOrderNumber === e).length, 1, e);
    }
    assert.equal(st.duplicates.length, 0, 'no second file reached Pyramid');
    assert.deepEqual(st.importErrors, []);
  });
});
