/**
 * Flows and HTTP helpers for the woocommerce node suites.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { HOOK_SECRET, KEY, SECRET } from '../shop/support';

export { HOOK_SECRET, KEY, SECRET };

export const HOOK_PATH = '/wc/hook';

/**
 * The test flow: a shop config, woocommerce-in -> sink `got` (source `trigger` -> its input: poll now,
 * or a confirmation when the msg carries msg.woocommerce), source `src` -> woocommerce-out ->
 * `done`/`failed`, `srcSkip` -> woocommerce-out for stock skipping unknown SKUs, Catch and Status
 * sinks. `confirm` and `handover` (minutes) are left out of the node when not given, as in a flow
 * written before the option existed.
 */
export function wcFlow(
  shopUrl: string,
  o: { contextStore?: string; interval?: number; reconcile?: boolean; topics?: string; confirm?: boolean; handover?: number } = {},
): object[] {
  return [
    { id: 't1', type: 'tab', label: 'woocommerce' },
    { id: 'shop', type: 'woocommerce-store', name: 'sim', url: shopUrl, version: 'wc/v3', timeout: 20, ca: '', contextStore: o.contextStore ?? '' },
    { id: 'badshop', type: 'woocommerce-store', name: 'wrong keys', url: shopUrl, version: 'wc/v3', timeout: 20, ca: '', contextStore: '' },
    {
      id: 'in1',
      z: 't1',
      type: 'woocommerce-in',
      store: 'shop',
      path: HOOK_PATH,
      topics: o.topics ?? 'order.created,order.updated,customer.created',
      maxBodyKb: 1024,
      reconcile: o.reconcile ?? true,
      interval: o.interval ?? 60,
      ...(o.confirm !== undefined ? { confirm: o.confirm } : {}),
      ...(o.handover !== undefined ? { handover: o.handover } : {}),
      scope: 'global',
      wires: [['got']],
    },
    { id: 'got', z: 't1', type: 'wc-sink' },
    { id: 'trigger', z: 't1', type: 'wc-source', wires: [['in1']] },
    { id: 'src', z: 't1', type: 'wc-source', wires: [['out1']] },
    { id: 'out1', z: 't1', type: 'woocommerce-out', store: 'shop', resource: 'products', scope: 'global', wires: [['done'], ['failed']] },
    { id: 'srcSkip', z: 't1', type: 'wc-source', wires: [['outSkip']] },
    { id: 'outSkip', z: 't1', type: 'woocommerce-out', store: 'shop', resource: 'stock', unknownSku: 'skip', scope: 'global', wires: [['done'], ['failed']] },
    { id: 'srcBad', z: 't1', type: 'wc-source', wires: [['outBad']] },
    { id: 'outBad', z: 't1', type: 'woocommerce-out', store: 'badshop', resource: 'products', scope: 'global', wires: [['done'], ['failed']] },
    { id: 'done', z: 't1', type: 'wc-sink' },
    { id: 'failed', z: 't1', type: 'wc-sink' },
    { id: 'c1', z: 't1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 't1', type: 'wc-sink' },
    { id: 's1', z: 't1', type: 'status', scope: null, wires: [['statuses']] },
    { id: 'statuses', z: 't1', type: 'wc-sink' },
  ];
}

export const credentials: Record<string, Record<string, string>> = {
  shop: { consumerKey: KEY, consumerSecret: SECRET, webhookSecret: HOOK_SECRET },
  badshop: { consumerKey: KEY, consumerSecret: 'cs_wrong_secret_0123456789', webhookSecret: HOOK_SECRET },
};

/** A POST that resolves with the answer even when the server answers before reading the body. */
export function post(url: string, body: Buffer | string, headers: Record<string, string>, chunked = false): Promise<{ status: number; text: string }> {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      { method: 'POST', headers: chunked ? headers : { ...headers, 'Content-Length': String(data.length) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (chunked) {
      // in 64 KB pieces, without Content-Length
      let off = 0;
      const write = (): void => {
        while (off < data.length) {
          const piece = data.subarray(off, off + 65536);
          off += piece.length;
          if (!req.write(piece)) {
            req.once('drain', write);
            return;
          }
        }
        req.end();
      };
      write();
    } else req.end(data);
  });
}

export function signedHeaders(body: string | Buffer, signature: string, topic = 'order.created', delivery = 'd-1'): Record<string, string> {
  const [resource, event] = topic.split('.');
  return {
    'Content-Type': 'application/json',
    'X-WC-Webhook-Topic': topic,
    'X-WC-Webhook-Resource': resource,
    'X-WC-Webhook-Event': event,
    'X-WC-Webhook-Signature': signature,
    'X-WC-Webhook-Delivery-ID': delivery,
  };
}

/**
 * Sends a request's headers (declaring `declaredLength` bytes) and only the first `sent` bytes of
 * its body, then reads the answer: a server that answers has decided without the rest of the body.
 */
export function partialPost(url: string, headers: Record<string, string>, declaredLength: number, sent: number): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    const finish = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!m) reject(new Error(`no HTTP answer: ${text.slice(0, 80)}`));
      else resolve({ status: Number(m[1]), text: text.slice(text.indexOf('\r\n\r\n') + 4) });
    };
    socket.on('end', finish);
    socket.on('error', () => (chunks.length > 0 ? finish() : reject(new Error('connection failed without an answer'))));
    const head = [`POST ${u.pathname} HTTP/1.1`, `Host: ${u.host}`, `Content-Length: ${declaredLength}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    socket.write(Buffer.alloc(sent, 'x'));
  });
}
