/**
 * The WooCommerce REST API v3 subset under /wp-json/wc/v3: authentication with the consumer key and
 * secret, routing, parameter validation, pagination headers, batch endpoints and WordPress's error
 * shapes. Resource rules live in catalog.ts, customers.ts, orders.ts and webhooks.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RestError, parsePhpQuery, readBody, sendJson } from './http';
import type { ShopState } from './state';
import type { CallCounter, FaultInjector } from './faults';
import { type WebhookDispatcher } from './webhooks';
import {
  MAX_BODY,
  Method,
  Endpoint,
  Credentials,
  PERMISSION_ERRORS,
  asObject,
} from './rest-kit';
import { ROUTES } from './rest-routes';
export { REST_PREFIX, Credentials } from './rest-kit';

// ---------------------------------------------------------------------------------------------
// Authentication

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * WooCommerce's basic authentication: an `Authorization: Basic` header, else the `consumer_key` and
 * `consumer_secret` query parameters. A real shop accepts these only over HTTPS (plain HTTP needs
 * OAuth 1.0a); the simulator serves loopback HTTP and accepts them there.
 * Returns true when authenticated, false when no credentials were given.
 */
function authenticate(req: IncomingMessage, query: Record<string, unknown>, creds: Credentials): boolean {
  let key: string | undefined;
  let secret: string | undefined;
  const header = req.headers.authorization;
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon < 0 ? decoded : decoded.slice(0, colon);
    secret = colon < 0 ? '' : decoded.slice(colon + 1);
  } else if (typeof query.consumer_key === 'string' && query.consumer_key && typeof query.consumer_secret === 'string' && query.consumer_secret) {
    key = query.consumer_key;
    secret = query.consumer_secret;
  }
  if (key === undefined || secret === undefined) return false;
  if (!sameSecret(key, creds.consumerKey)) {
    throw new RestError('woocommerce_rest_authentication_error', 'Consumer key is invalid.', 401);
  }
  if (!sameSecret(secret, creds.consumerSecret)) {
    throw new RestError('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Entry

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('application/x-www-form-urlencoded')) return parsePhpQuery(text);
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return asObject(JSON.parse(text));
    } catch (err) {
      throw new RestError('rest_invalid_json', 'Invalid JSON body passed.', 400, {
        json_error_code: 4,
        json_error_message: err instanceof Error ? err.message : 'Syntax error',
      });
    }
  }
  return {};
}

/**
 * Serves one request under /wp-json/wc/v3. `route` is the path after the prefix (no leading slash).
 * Order of checks as in WordPress: bad credentials, unknown route, anonymous access, body, parameters.
 */
export async function handleRest(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  url: URL,
  env: {
    state: ShopState;
    dispatcher: WebhookDispatcher;
    credentials: Credentials;
    log: (line: string) => void;
    /** Test aids: injected faults and the call counter (see faults.ts). */
    faults?: FaultInjector;
    calls?: CallCounter;
  },
): Promise<void> {
  let status = 500;
  let method = (req.method ?? 'GET').toUpperCase();
  try {
    const query = parsePhpQuery(url.search.slice(1)) as Record<string, unknown>;
    const override = (req.headers['x-http-method-override'] as string | undefined) ?? (typeof query._method === 'string' ? query._method : undefined);
    if (method === 'POST' && override) method = override.toUpperCase();
    env.calls?.count(method, route);
    const before = env.faults?.take('before', method, route);
    if (before) {
      req.resume();
      status = before.error.status;
      sendJson(res, status, before.error.toJSON(), before.headers);
      return;
    }
    const authenticated = authenticate(req, query, env.credentials);

    const normalized = route.replace(/\/+$/, '');
    let endpoint: Endpoint | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of ROUTES) {
      match = r.pattern.exec(normalized);
      if (match) {
        endpoint = r.methods[method as Method];
        break;
      }
    }
    if (!match || !endpoint) {
      throw new RestError('rest_no_route', 'No route was found matching the URL and request method.', 404);
    }
    if (!authenticated) {
      const [code, message] = PERMISSION_ERRORS[endpoint.kind];
      throw new RestError(code, message, 401);
    }
    const body = parseBody(req, await readBody(req, MAX_BODY));
    const params: Record<string, unknown> = { ...query, ...body };
    for (const k of ['consumer_key', 'consumer_secret', '_method']) delete params[k];
    const result = endpoint.handle({
      state: env.state,
      dispatcher: env.dispatcher,
      url,
      ids: match.slice(1).map(Number),
      params,
    });
    const lost = env.faults?.take('after', method, route);
    if (lost) {
      // served, but the answer is replaced: the caller cannot tell whether it reached the shop
      status = lost.error.status;
      sendJson(res, status, lost.error.toJSON(), lost.headers);
      return;
    }
    status = result.status;
    sendJson(res, result.status, result.body, result.headers);
  } catch (err) {
    if (err instanceof RestError) {
      status = err.status;
      sendJson(res, err.status, err.toJSON());
    } else {
      status = 500;
      env.log(`error: ${method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendJson(res, 500, {
        code: 'internal_server_error',
        message: 'There has been a critical error on this website.',
        data: { status: 500 },
      });
    }
  } finally {
    env.log(`${method} ${url.pathname} ${status}`);
  }
}
