/**
 * The woocommerce-out node: a msg's records (products, stock, prices, order updates, customers)
 * handed to lib/shop/woocommerce's batcher, the pushed records out of output 1 and the failed ones
 * out of output 2, with counts in the status.
 */
import { PushBatcher, WooError, shopPrefix, type Resource } from '../../lib/shop/woocommerce';
import type { Done, NodeAPI, NodeMessage, Send } from '../red';
import { contextStore, nodeError, type OutDef, type ShopUserNode, type StatusText, type StoreNode } from './shared';

const RESOURCES: readonly Resource[] = ['products', 'stock', 'prices', 'orders', 'customers'];

/** One msg being answered: `early` once done() was called while its records were held. */
interface Pending {
  msg: NodeMessage;
  send: Send;
  done: Done;
  early: boolean;
}

export function setupOut(RED: NodeAPI, st: StatusText, node: ShopUserNode, n: OutDef, shop: StoreNode | undefined): void {
  const configured = String(n.resource ?? 'products') as Resource;
  const unknownSku = n.unknownSku === 'skip' ? 'skip' : 'fail';
  if (shop) node.storeNode = shop;

  const failure = (err: unknown): Error & { code?: string } => {
    const e = err instanceof WooError ? nodeError(err, `woocommerce-out ${configured}`) : (err as Error & { code?: string });
    if (!(err instanceof WooError) && !e.code) Object.assign(e, { code: 'error' });
    return e;
  };
  // changed records of several msgs (a split file's, or msgs close together) share batch calls
  const batcher = new PushBatcher<Pending>({
    context: (force) => {
      if (!shop) throw Object.assign(new Error('woocommerce-out: no shop configured'), { code: 'config' });
      return {
        client: shop.client(),
        store: contextStore(node, n.scope, shop.contextStore),
        prefix: shopPrefix(shop.url),
        force,
        unknownSku,
        onBatch: (i, of) => node.status({ fill: 'blue', shape: 'dot', text: st('batch', { index: i, of }) }),
      };
    },
    onResult: (p, result) => {
      const { msg } = p;
      const summary = {
        resource: result.resource,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        failed: result.failed.length,
        skipped: result.skipped,
        calls: result.calls,
      };
      const failedMsg = result.failed.length > 0 ? { ...RED.util.cloneMessage(msg), payload: result.failed, woocommerce: summary } : null;
      msg.payload = result.ok;
      msg.woocommerce = summary;
      const parts = [st('created', { count: result.created }), st('updated', { count: result.updated }), st('unchanged', { count: result.unchanged })];
      if (result.failed.length > 0) parts.push(st('failedCount', { count: result.failed.length }));
      if (result.skipped > 0) parts.push(st('skipped', { count: result.skipped }));
      node.status({ fill: result.failed.length > 0 ? 'yellow' : 'green', shape: 'dot', text: `${result.resource}: ${parts.join(', ')}` });
      p.send([msg, failedMsg]);
      if (!p.early) p.done();
    },
    onError: (p, err) => {
      const e = failure(err);
      node.status({ fill: 'red', shape: 'ring', text: st('failed', { code: String(e.code) }) });
      // a msg already done() (held with its file's other msgs) reaches Catch nodes by node.error
      if (p.early) node.error(e, p.msg);
      else p.done(e);
    },
  });

  node.on('input', (msg, send, done) => {
    let resource: Resource;
    let records: unknown[];
    try {
      if (!shop) throw Object.assign(new Error('woocommerce-out: no shop configured'), { code: 'config' });
      resource = (typeof msg.resource === 'string' && RESOURCES.includes(msg.resource as Resource) ? msg.resource : configured) as Resource;
      if (!RESOURCES.includes(resource)) throw Object.assign(new Error(`woocommerce-out: unknown resource "${resource}"`), { code: 'config' });
      const p = msg.payload;
      if (p === undefined || p === null) records = [];
      else if (Array.isArray(p)) records = p;
      else if (typeof p === 'object') records = [p];
      else throw Object.assign(new Error(`woocommerce-out: msg.payload must be a record or an array of records, not ${typeof p}`), { code: 'invalid_payload' });
    } catch (err) {
      const e = failure(err);
      node.status({ fill: 'red', shape: 'ring', text: st('failed', { code: String(e.code) }) });
      done(e);
      return;
    }
    const parts = msg.parts as { id?: unknown; index?: unknown; count?: unknown } | undefined;
    const sequence =
      parts && typeof parts === 'object' && typeof parts.id === 'string' && typeof parts.index === 'number'
        ? { id: parts.id, last: typeof parts.count === 'number' && parts.index >= parts.count - 1 }
        : undefined;
    const pending: Pending = { msg, send, done, early: false };
    void batcher.submit({ resource, records, force: msg.force === true, sequence, tag: pending }).then((state) => {
      if (state === 'held') {
        node.status({ fill: 'blue', shape: 'ring', text: st('held', { count: batcher.heldRecords }) });
        // a msg of a split file is done when its records are held: the file's next msgs may come
        // (flow control upstream waits for done()); its answer follows with the batch
        if (sequence) {
          pending.early = true;
          done();
        }
      }
    });
  });
  node.on('close', (_removed: boolean, done: () => void) => {
    void batcher.close().then(
      () => done(),
      () => done(),
    );
  });
}
