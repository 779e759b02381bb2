#!/usr/bin/env node
/**
 * Command line for the simulated Pyramid: talks to a running simulator's admin API, or starts one.
 *
 *   node dist/sim/pyramid/cli.js stock 00123 HUV 5        available stock of 00123 in HUV := 5
 *   node dist/sim/pyramid/cli.js stock 00123 HUV +20      20 more on hand (-3: three fewer)
 *   node dist/sim/pyramid/cli.js price 00123 59.90        new base price (SEK excl. VAT)
 *   node dist/sim/pyramid/cli.js article 00123 webActive=false description="Skruv A4"
 *   node dist/sim/pyramid/cli.js advance 100831           next order status now
 *   node dist/sim/pyramid/cli.js serve                    start a simulator on ports 2121/8088/8089
 *
 * The admin URL comes from --url, else $PYRAMID_SIM_URL, else http://127.0.0.1:8089.
 */
import { createPyramid, demoUsersBanner, DEMO_PORTS } from './index';

const USAGE = `usage: cli.js [--url <admin url>] <command> [arguments]

commands:
  state                                    counts, imported orders, files, imports (JSON)
  orders                                   imported orders and their status
  stock <article> <warehouse> <n>          set available stock to n; +n / -n changes on-hand stock
  price <article> <price> [list] [from]    set the base price, or a price list's price (from a quantity)
  article <article> field=value ...        change or create an article (remove=true removes it)
  activity on|off                          random changes by Pyramid's "users"
  advance <pyramidOrderNumber>             move an imported order to its next status now
  export [all|scheduled]                   write the full files now
  serve [--seed s] [--dir folder] [--ports ftp,soap,admin]
                                           start a simulator and print its addresses and demo users

admin URL: --url, else $PYRAMID_SIM_URL, else http://127.0.0.1:${DEMO_PORTS.admin}`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

/** "true" -> true, "[..]" / "{..}" -> JSON, anything else stays text (codes keep their leading zeros). */
function fieldValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

class CliError extends Error {}

async function call(base: string, method: 'GET' | 'POST', p: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base.replace(/\/+$/, '')}${p}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new CliError(`cannot reach the simulator at ${base} (${(e as Error).message}): is it running? (--url or $PYRAMID_SIM_URL)`);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const msg = parsed && typeof parsed === 'object' && 'error' in parsed ? String((parsed as { error: unknown }).error) : text;
    throw new CliError(`${method} ${p}: ${res.status} ${msg}`);
  }
  return parsed;
}

export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const args = [...argv];
  const url = takeFlag(args, '--url') ?? process.env.PYRAMID_SIM_URL ?? `http://127.0.0.1:${DEMO_PORTS.admin}`;
  const [cmd, ...rest] = args;
  const show = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  try {
    switch (cmd) {
      case 'state':
        show(await call(url, 'GET', '/api/state'));
        return 0;
      case 'orders': {
        const s = (await call(url, 'GET', '/api/state')) as { orders: Record<string, unknown>[] };
        if (!s.orders.length) io.out('no orders imported yet');
        for (const o of s.orders) {
          io.out(`${String(o.pyramidOrderNumber)}  ${String(o.externalOrderNumber ?? '').padEnd(14)} ${String(o.status).padEnd(12)} ${String(o.totalInclVat)} ${String(o.currency)}${o.trackingNumber ? `  ${String(o.trackingNumber)}` : ''}`);
        }
        return 0;
      }
      case 'stock': {
        const [articleCode, warehouse, n] = rest;
        if (!articleCode || !warehouse || n === undefined) throw new CliError('usage: stock <article> <warehouse> <n | +n | -n>');
        const body: Record<string, unknown> = { articleCode, warehouse };
        if (/^[+-]/.test(n)) body.delta = n;
        else body.available = n;
        show(await call(url, 'POST', '/api/stock', body));
        return 0;
      }
      case 'price': {
        const [articleCode, price, priceList, fromQuantity] = rest;
        if (!articleCode || !price) throw new CliError('usage: price <article> <price> [priceList] [fromQuantity]');
        show(await call(url, 'POST', '/api/price', { articleCode, price, priceList, fromQuantity }));
        return 0;
      }
      case 'article': {
        const [articleCode, ...pairs] = rest;
        if (!articleCode || !pairs.length) throw new CliError('usage: article <article> field=value ... (remove=true removes it)');
        const body: Record<string, unknown> = { articleCode };
        for (const pair of pairs) {
          const i = pair.indexOf('=');
          if (i < 1) throw new CliError(`"${pair}" is not field=value`);
          body[pair.slice(0, i)] = fieldValue(pair.slice(i + 1));
        }
        show(await call(url, 'POST', '/api/article', body));
        return 0;
      }
      case 'activity': {
        const [v] = rest;
        if (v !== 'on' && v !== 'off') throw new CliError('usage: activity on|off');
        show(await call(url, 'POST', '/api/activity', { on: v === 'on' }));
        return 0;
      }
      case 'advance': {
        const [n] = rest;
        if (!n) throw new CliError('usage: advance <pyramidOrderNumber>');
        show(await call(url, 'POST', `/api/orders/${encodeURIComponent(n)}/advance`, {}));
        return 0;
      }
      case 'export':
        show(await call(url, 'POST', '/api/export', { what: rest[0] === 'scheduled' ? 'scheduled' : 'all' }));
        return 0;
      case 'serve': {
        const seed = takeFlag(rest, '--seed');
        const dir = takeFlag(rest, '--dir');
        const ports = takeFlag(rest, '--ports')?.split(',').map(Number);
        const p = await createPyramid({
          seed,
          dataDir: dir,
          ports: ports ? { ftp: ports[0], soap: ports[1], admin: ports[2] } : DEMO_PORTS,
        });
        io.out(`FTP     ftp://${p.ftp.host}:${p.ftp.port}  user ${p.ftp.user}  password ${p.ftp.password}  (out ${p.ftp.outDir}, in ${p.ftp.inDir}; on disk ${p.dataDir})`);
        io.out(`SOAP    ${p.soapUrl}  (WSDL ${p.wsdlUrl})`);
        io.out(`admin   ${p.adminUrl}/api/state`);
        io.out(`demo web users (user name, password):\n${demoUsersBanner(p.demoUsers)}`);
        io.out('Ctrl-C stops the simulator.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await p.close();
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${cmd}"\n\n${USAGE}`);
    }
  } catch (e) {
    io.err(e instanceof CliError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
