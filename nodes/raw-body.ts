/**
 * Keeps a request's body unread until our own route handler reads it.
 *
 * Signatures are computed over the raw bytes, and an unsigned request is to be refused before its
 * body is read. But in a default Node-RED (httpAdminRoot and httpNodeRoot both '/') every request
 * passes the editor's admin app first, whose JSON and form body parsers read the body of any request
 * body-parser leaves a request alone when `req._body` is set, so a guard placed first in the
 * top-level app (the one the node app is mounted in, found through express's `parent` links, as
 * Node-RED's own http-in node finds it for its raw-body option) marks requests for the routes
 * registered here: their body stays in the stream for the handler, which reads it itself, capped.
 *
 * Express 4 keeps an app's middleware in `app._router.stack`, express 5 in `app.router.stack`.
 */
import type { NodeAPI } from './red';

interface Layer {
  handle: (req: GuardRequest, res: unknown, next: () => void) => void;
  match?: (path: string) => boolean;
  route?: { methods?: Record<string, boolean> };
  name?: string;
}

interface App {
  use(fn: (req: GuardRequest, res: unknown, next: () => void) => void): unknown;
  _router?: { stack: Layer[] };
  router?: { stack: Layer[] };
  lazyrouter?: () => void;
}

interface GuardRequest {
  method: string;
  url: string;
  originalUrl?: string;
  _body?: boolean;
}

/** The part of Node-RED's API this needs: the node app and its root path. */
export type RawBodyRed = Pick<NodeAPI, 'httpNode' | 'settings'>;

interface Registration {
  method: string;
  layer: Layer;
}

const GUARD = Symbol.for('node-red-pyramid.raw-body-guard');
const registrations = new WeakMap<object, Set<Registration>>();

function rootOf(app: App): App {
  let a = app as App & { parent?: App };
  while (a.parent && a.parent !== a) a = a.parent as App & { parent?: App };
  return a;
}

function stackOf(app: App): Layer[] | undefined {
  if (!app._router && typeof app.lazyrouter === 'function') app.lazyrouter();
  return (app._router ?? app.router)?.stack;
}

/** The route's layer in the node app (the last one whose route serves this handler). */
function routeLayer(app: App, handler: unknown): Layer | undefined {
  const stack = stackOf(app) ?? [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const l = stack[i] as Layer & { route?: { stack?: { handle: unknown }[] } };
    if (l.route?.stack?.some((s) => s.handle === handler)) return l;
  }
  return undefined;
}

function pathOf(req: GuardRequest, nodeRoot: string): string | undefined {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  let p = q >= 0 ? url.slice(0, q) : url;
  const root = nodeRoot.replace(/\/+$/, '');
  if (root) {
    if (p !== root && !p.startsWith(`${root}/`)) return undefined;
    p = p.slice(root.length) || '/';
  }
  return p;
}

function installGuard(app: App, owner: object, nodeRoot: string): void {
  const stack = stackOf(app);
  if (!stack || stack.some((l) => (l.handle as unknown as Record<symbol, unknown>)[GUARD])) return;
  const guard = (req: GuardRequest, _res: unknown, next: () => void): void => {
    const regs = registrations.get(owner);
    if (regs && regs.size && !req._body) {
      const p = pathOf(req, nodeRoot);
      if (p !== undefined) {
        const method = req.method.toLowerCase();
        for (const r of regs) {
          if ((r.method === method || (method === 'head' && r.method === 'get')) && r.layer.match?.(p)) {
            req._body = true;
            break;
          }
        }
      }
    }
    next();
  };
  (guard as unknown as Record<symbol, unknown>)[GUARD] = true;
  app.use(guard);
  // app.use appended it: move it to the front, before any body parser
  const layer = stack.pop() as Layer;
  stack.unshift(layer);
}

/**
 * Call right after registering `handler` for `method` on RED.httpNode. Returns the function that
 * forgets the route again (call it where the route is removed).
 */
export function keepRawBody(RED: RawBodyRed, method: string, handler: unknown): () => void {
  const nodeApp = RED.httpNode as unknown as App | undefined;
  if (!nodeApp) return () => undefined;
  const layer = routeLayer(nodeApp, handler);
  if (!layer) return () => undefined;
  const owner = nodeApp as object;
  const regs = registrations.get(owner) ?? new Set<Registration>();
  registrations.set(owner, regs);
  const reg: Registration = { method: method.toLowerCase(), layer };
  regs.add(reg);
  const root = RED.settings?.httpNodeRoot;
  const nodeRoot = typeof root === 'string' ? root : '/';
  // the guard goes first in the top-level app that every request passes before the editor's
  // parsers (the node app is mounted in it: its `parent` chain leads there)
  installGuard(rootOf(nodeApp), owner, rootOf(nodeApp) === nodeApp ? '/' : nodeRoot);
  return () => {
    regs.delete(reg);
  };
}
