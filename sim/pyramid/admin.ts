/**
 * The simulator's admin API (JSON over HTTP on loopback): see what Pyramid did, and act as
 * Pyramid's users would (change stock, prices and articles, push an order on, switch activity on).
 *
 *   GET  /api/state                              counts, imported orders, files written, imports
 *   GET  /api/orders/:pyramidOrderNumber          one order with its history
 *   POST /api/stock    {articleCode, warehouse, available | onHand | delta | incoming}
 *   POST /api/price    {articleCode, price, priceList?, fromQuantity?}
 *   POST /api/article  {articleCode, ...fields} | {articleCode, remove: true}
 *   POST /api/activity {on: boolean}
 *   POST /api/orders/:pyramidOrderNumber/advance
 *   POST /api/export   {what: "all" | "scheduled" | "stock"}  write full files now (stock: a full Lagersaldo only)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SimError, type LogFn, type PyramidSim } from './sim';

const MAX_BODY = 1024 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SimError(`body larger than ${MAX_BODY} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolve({});
      try {
        const v: unknown = JSON.parse(text);
        if (!v || typeof v !== 'object' || Array.isArray(v)) reject(new SimError('the body must be a JSON object'));
        else resolve(v as Record<string, unknown>);
      } catch (e) {
        reject(new SimError(`the body is not JSON: ${(e as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

export interface AdminOptions {
  sim: PyramidSim;
  log: LogFn;
  /** Extra facts for GET /api/state (URLs, folders). */
  info: () => Record<string, unknown>;
}

export function adminHandler(o: AdminOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { sim } = o;
  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const p = url.pathname.replace(/\/+$/, '') || '/';
      try {
        if (req.method === 'GET' && (p === '/' || p === '/api')) {
          return json(res, 200, {
            service: 'simulated Pyramid Business Studio: admin API',
            endpoints: [
              'GET /api/state',
              'GET /api/orders/:pyramidOrderNumber',
              'POST /api/stock {articleCode, warehouse, available|onHand|delta|incoming}',
              'POST /api/price {articleCode, price, priceList?, fromQuantity?}',
              'POST /api/article {articleCode, ...fields} | {articleCode, remove: true}',
              'POST /api/activity {on}',
              'POST /api/orders/:pyramidOrderNumber/advance',
              'POST /api/export {what: all|scheduled|stock}',
            ],
          });
        }
        if (req.method === 'GET' && p === '/api/state') return json(res, 200, { ...o.info(), ...sim.state() });
        const orderMatch = /^\/api\/orders\/([^/]+)(\/advance)?$/.exec(p);
        if (orderMatch && req.method === 'GET' && !orderMatch[2]) {
          const ord = sim.data.orders.get(decodeURIComponent(orderMatch[1]));
          if (!ord) return json(res, 404, { error: `order ${orderMatch[1]} does not exist` });
          return json(res, 200, { ...sim.orderSummary(ord), detail: sim.historyOrder(ord) });
        }
        if (req.method !== 'POST') return json(res, p.startsWith('/api/') ? 405 : 404, { error: `${req.method} ${p} is not an admin endpoint` });
        const body = await readJson(req);
        if (orderMatch && orderMatch[2]) {
          const ord = await sim.advanceOrder(decodeURIComponent(orderMatch[1]));
          return json(res, 200, sim.orderSummary(ord));
        }
        switch (p) {
          case '/api/stock':
            return json(res, 200, await sim.changeStock(body));
          case '/api/price':
            return json(res, 200, await sim.changePrice(body));
          case '/api/article':
            return json(res, 200, await sim.changeArticle(body));
          case '/api/activity': {
            if (typeof body.on !== 'boolean') throw new SimError('give {"on": true} or {"on": false}');
            sim.setActivity(body.on);
            return json(res, 200, { on: sim.activity });
          }
          case '/api/export': {
            const files =
              body.what === 'scheduled' ? await sim.writeScheduled() : body.what === 'stock' ? [await sim.writeStockFull()] : await sim.writeInitialFiles();
            return json(res, 200, { files });
          }
          default:
            return json(res, 404, { error: `POST ${p} is not an admin endpoint` });
        }
      } catch (e) {
        if (e instanceof SimError) return json(res, e.status, { error: e.message });
        o.log('error', `admin ${req.method} ${p}: ${e instanceof Error ? e.message : String(e)}`);
        return json(res, 500, { error: e instanceof Error ? e.message : String(e) });
      }
    })();
  };
}
