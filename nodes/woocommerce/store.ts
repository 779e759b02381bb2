/**
 * The woocommerce-store config node (shop URL, keys and webhook secret as credentials, API version,
 * timeout, extra CA; one client per deployed shop) and its Test connection admin endpoint.
 */
import { WooClient, errorInfo } from '../../lib/shop/woocommerce';
import { numberProperty, type NodeAPI } from '../red';
import { shortCount, type StatusText, type StoreCredentials, type StoreDef, type StoreNode, type ShopUserNode } from './shared';

export function registerStore(RED: NodeAPI): void {
  function WooStoreNode(this: StoreNode, n: StoreDef): void {
    RED.nodes.createNode(this, n);
    const url = String(n.url ?? '').trim().replace(/\/+$/, '');
    this.url = url;
    this.contextStore = n.contextStore;
    this.options = {
      url,
      version: String(n.version || 'wc/v3'),
      timeoutMs: numberProperty(n.timeout, 30, 1) * 1000,
      ca: n.ca && n.ca.trim() !== '' ? n.ca : undefined,
    };
    let client: WooClient | undefined;
    this.client = () => {
      if (client) return client;
      const c = this.credentials ?? {};
      client = new WooClient({
        url,
        consumerKey: c.consumerKey ?? '',
        consumerSecret: c.consumerSecret ?? '',
        version: this.options.version,
        timeoutMs: this.options.timeoutMs,
        ca: this.options.ca,
      });
      return client;
    };
    this.on('close', (_removed: boolean, done: () => void) => {
      client?.close();
      client = undefined;
      done();
    });
  }
  RED.nodes.registerType<StoreNode, StoreDef, unknown, StoreCredentials>('woocommerce-store', WooStoreNode, {
    credentials: { consumerKey: { type: 'text' }, consumerSecret: { type: 'password' }, webhookSecret: { type: 'password' } },
  });

  /**
   * Test connection from the dialog: the URL and keys typed there; a secret left as stored
   * ("__PWRD__") is taken from the deployed node only when the URL is the one it was saved for.
   * The answer never contains a key or secret.
   */
  RED.httpAdmin.post('/woocommerce-store/test', RED.auth.needsPermission('woocommerce-store.write'), (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string => (typeof v === 'string' ? v : '');
    const url = str(b.url).trim().replace(/\/+$/, '');
    let key = str(b.consumerKey);
    let secret = str(b.consumerSecret);
    const id = str(b.id);
    if (id && (!secret || secret === '__PWRD__' || !key)) {
      const deployed = RED.nodes.getNode(id) as StoreNode | null;
      const stored = RED.nodes.getCredentials(id) as StoreCredentials | undefined;
      if (deployed && stored && deployed.url === url) {
        if (!secret || secret === '__PWRD__') secret = stored.consumerSecret ?? '';
        if (!key) key = stored.consumerKey ?? '';
      } else if (secret === '__PWRD__') secret = '';
    }
    let client: WooClient;
    try {
      client = new WooClient({
        url,
        consumerKey: key,
        consumerSecret: secret,
        version: str(b.version) || 'wc/v3',
        timeoutMs: numberProperty(b.timeout, 30, 1) * 1000,
        ca: str(b.ca).trim() || undefined,
        maxAttempts: 1,
      });
    } catch (err) {
      res.json({ ok: false, ...errorInfo(err) });
      return;
    }
    client
      .request('GET', 'products', { query: { per_page: 1 } })
      .then((r) => {
        const total = Number(r.headers['x-wp-total'] ?? NaN);
        res.json({ ok: true, message: Number.isFinite(total) ? `Connected: ${shortCount(total, 'product')} in the shop.` : 'Connected.' });
      })
      .catch((err: unknown) => res.json({ ok: false, ...errorInfo(err) }))
      .finally(() => client.close());
  });
}

/** The shop a node names, or a red status saying there is none. */
export function storeOf(RED: NodeAPI, st: StatusText, node: ShopUserNode, id: string): StoreNode | undefined {
  const s = RED.nodes.getNode(id) as StoreNode | null;
  if (!s || !s.url) {
    node.status({ fill: 'red', shape: 'ring', text: st('noShop') });
    return undefined;
  }
  return s;
}
