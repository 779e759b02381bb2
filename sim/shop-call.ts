/**
 * Calls one of the demo's shop-facing endpoints the way the shop's server does: signed with the
 * demo's shared secret (kept in .node-red/.demo-secrets.json), or with a B2B login token.
 *
 *   node dist/sim/shop-call.js POST /shop/login '{"username":"anna.bjorklund","password":"…"}'
 *   node dist/sim/shop-call.js GET /shop/orders/10001?page=1
 *   node dist/sim/shop-call.js --token <token> GET /shop/orders/10001
 *
 * Options: --url (default http://127.0.0.1:1880), --user-dir (default .node-red/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signatureHeaders } from '../lib/shop/api/signature';

const root = path.resolve(__dirname, '..', '..');

export async function shopCall(argv: string[]): Promise<{ status: number; body: string }> {
  const args = [...argv];
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const base = opt('--url') ?? 'http://127.0.0.1:1880';
  const userDir = opt('--user-dir') ?? path.join(root, '.node-red');
  const token = opt('--token');
  const [method = '', target = '', body] = args;
  if (!/^(GET|POST|PUT|PATCH|DELETE)$/i.test(method) || !target.startsWith('/')) {
    throw new Error('usage: shop-call [--token T] [--url U] METHOD /path [json-body]');
  }
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  if (token) {
    headers.authorization = `Bearer ${token}`;
  } else {
    const secrets = JSON.parse(fs.readFileSync(path.join(userDir, '.demo-secrets.json'), 'utf8')) as { shopApiSecret: string };
    Object.assign(headers, signatureHeaders(secrets.shopApiSecret, method, target, body ?? ''));
  }
  const res = await fetch(`${base}${target}`, { method: method.toUpperCase(), headers, body: body ?? undefined });
  return { status: res.status, body: await res.text() };
}

if (require.main === module) {
  shopCall(process.argv.slice(2)).then(
    (r) => {
      console.log(`HTTP ${r.status}`);
      console.log(r.body);
      process.exitCode = r.status < 400 ? 0 : 1;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 2;
    },
  );
}
