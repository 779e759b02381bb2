/**
 * P4 and P5: the WooCommerce nodes in a real Node-RED runtime (bench/nodered-child.ts, a process of
 * its own, so CPU time and peak RSS are the runtime's alone), against sim/shop and the simulated
 * Pyramid's FTP server (sim/pyramid/ftp.ts, ftp-srv on loopback), both in this driver's process.
 *
 * P4: N orders as signed WooCommerce webhooks (base64 HMAC-SHA256 of the raw body with the webhook
 *     secret, the X-WC-Webhook-* headers sim/shop sends), 16 in flight, plus a share of duplicates
 *     (half a retry with the same delivery id, half a redelivery with a new one), into the order
 *     part of the example ("WooCommerce order to Pyramid Order.json", as it ships, dedupe and
 *     hand-over confirmation on) -> Order files in the in-folder. Counted: files, their
 *     ExterntOrdernummer, uploads per file name (the runtime's hooks on pyramid-ftp-out).
 * P5: N product records through woocommerce-out (products) into an empty sim/shop, in msgs of 100
 *     (the Artikeldata example's batch size), then the same N with some changed, then unchanged;
 *     the shop's REST calls counted per phase (GET /sim/calls, reset between phases).
 *
 *   node dist/bench/shop-rows.js p4 <orders> [duplicate share] [vsftpd|ftp-srv]     (prints JSON)
 *   node dist/bench/shop-rows.js p5 <articles> <changed>           (prints JSON)
 * BENCH_CPU_PROF=<dir>: the runtime runs with --cpu-prof into that dir.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createShop, type Shop } from '../sim/shop';
import { phpJsonEncode } from '../sim/shop/http';
import { startFtp } from '../sim/pyramid/ftp';
import { ensureServers, vsftpd } from './ftp-drain';
import type { Measure, RowResult, RunRow, Side } from './run';

const ROOT = path.resolve(__dirname, '..', '..');
const KEY = 'ck_pyramid_bench_0123456789';
const SECRET = 'cs_pyramid_bench_0123456789';
const HOOK_SECRET = 'whsec_pyramid_bench_0123456789';
const ORDER_EXAMPLE = path.join(ROOT, 'examples', 'WooCommerce order to Pyramid Order.json');

type FlowNode = Record<string, unknown> & { id: string; type: string };

interface Stats {
  cpuMs: number;
  rssMB: number;
  received: Record<string, number>;
  completed: Record<string, number>;
  failed: Record<string, number>;
  distinct: number;
  doubled: number;
  summaries: Record<string, unknown>[];
  errors: string[];
}

interface Runtime {
  port: number;
  stats(): Promise<Stats>;
  inject(node: string, msgs: object[]): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startRuntime(flows: object[], credentials: object, o: { countBy?: { node: string; property: string }; summaries?: string }): Promise<Runtime> {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-shop-bench-'));
  const cfgFile = path.join(userDir, 'bench-config.json');
  fs.writeFileSync(cfgFile, JSON.stringify({ userDir, flows, credentials, ...o }), { mode: 0o600 });
  const prof = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = fork(path.join(__dirname, 'nodered-child.js'), [cfgFile], {
    execArgv: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; port?: number }) => m.ready && resolve(m.port as number));
    child.once('exit', (code) => reject(new Error(`Node-RED did not start (exit ${code})`)));
  });
  return {
    port,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: { stats?: Stats }): void => {
          if (!m.stats) return;
          child.off('message', on);
          resolve(m.stats);
        };
        child.on('message', on);
        child.send({ cmd: 'stats' });
      }),
    inject: (node, msgs) => child.send({ cmd: 'inject', node, msgs }),
    stop: async () => {
      const ended = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ cmd: 'stop' });
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await ended;
      clearTimeout(t);
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

function auth(): string {
  return 'Basic ' + Buffer.from(`${KEY}:${SECRET}`).toString('base64');
}

// ---- P4 -----------------------------------------------------------------------------------------

interface Delivery {
  id: number;
  delivery: string;
  duplicate: boolean;
}

/** An order as the shop's REST API (and so its webhook) shows it: one placed in a seeded shop, then removed. */
async function orderTemplate(shop: Shop): Promise<Record<string, unknown>> {
  const placed = shop.placeTestOrder();
  const res = await fetch(`${shop.url}/wp-json/wc/v3/orders/${placed.id}`, { headers: { authorization: auth() } });
  const order = (await res.json()) as Record<string, unknown>;
  // the shop keeps no order: the reconciliation poll finds nothing of its own
  await fetch(`${shop.url}/wp-json/wc/v3/orders/${placed.id}?force=true`, { method: 'DELETE', headers: { authorization: auth() } });
  if (order.status !== 'processing') order.status = 'processing';
  return order;
}

/** Where the Order files go: Debian's vsftpd on loopback (as P2), or the simulated Pyramid's ftp-srv. */
interface FtpTarget {
  name: string;
  port: number;
  user: string;
  password: string;
  /** The in-/out-folders as the config node names them. */
  inFolder: string;
  outFolder: string;
  /** The in-folder on this machine's disk. */
  inDisk: string;
  close(): Promise<void>;
}

async function ftpTarget(kind: 'vsftpd' | 'ftp-srv'): Promise<FtpTarget> {
  if (kind === 'vsftpd') {
    const c = await ensureServers();
    const s = vsftpd(c);
    const base = `/bench-p4-${process.pid}-${Date.now().toString(36)}`;
    const st = fs.statSync(s.root);
    for (const d of ['', '/in', '/out']) {
      fs.mkdirSync(path.join(s.root, base + d), { recursive: true });
      fs.chownSync(path.join(s.root, base + d), st.uid, st.gid);
    }
    return {
      name: `vsftpd on 127.0.0.1:${s.port}`,
      port: s.port,
      user: s.user,
      password: c.password,
      inFolder: `${base}/in`,
      outFolder: `${base}/out`,
      inDisk: path.join(s.root, base, 'in'),
      close: () => Promise.resolve(fs.rmSync(path.join(s.root, base), { recursive: true, force: true })),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyr-p4-'));
  for (const f of ['in', 'out']) fs.mkdirSync(path.join(dir, f), { recursive: true });
  const password = randomBytes(9).toString('base64url');
  const ftp = await startFtp({ host: '127.0.0.1', port: 0, root: dir, user: 'pyramid', password, log: () => undefined });
  return {
    name: `the simulated Pyramid's ftp-srv on 127.0.0.1:${ftp.port}`,
    port: ftp.port,
    user: 'pyramid',
    password,
    inFolder: 'in',
    outFolder: 'out',
    inDisk: path.join(dir, 'in'),
    close: async () => {
      await ftp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function p4(n: number, dupShare: number, server: 'vsftpd' | 'ftp-srv' | 'auto'): Promise<Record<string, unknown>> {
  // auto: vsftpd where it can be set up (root), else the simulator's server
  const ftp = server === 'auto' ? await ftpTarget('vsftpd').catch(() => ftpTarget('ftp-srv')) : await ftpTarget(server);
  const shop = await createShop({ consumerKey: KEY, consumerSecret: SECRET, seed: true });
  let rt: Runtime | undefined;
  try {
    const template = await orderTemplate(shop);
    // the example as it ships, its config nodes pointed at this run's simulators (as sim/demo.ts does)
    const flows = JSON.parse(fs.readFileSync(ORDER_EXAMPLE, 'utf8')) as FlowNode[];
    const credentials: Record<string, unknown> = {};
    let inPath = '';
    let ftpOut = '';
    let inNode = '';
    for (const x of flows) {
      if (x.type === 'pyramid-ftp-server') {
        x.host = '127.0.0.1';
        x.port = ftp.port;
        x.inFolder = ftp.inFolder;
        x.outFolder = ftp.outFolder;
        credentials[x.id] = { user: ftp.user, password: ftp.password };
      }
      if (x.type === 'woocommerce-store') {
        x.url = shop.url;
        credentials[x.id] = { consumerKey: KEY, consumerSecret: SECRET, webhookSecret: HOOK_SECRET };
      }
      if (x.type === 'woocommerce-in') {
        inPath = String(x.path);
        inNode = x.id;
      }
      if (x.type === 'pyramid-ftp-out' && (x.action ?? 'upload') === 'upload') ftpOut = x.id;
    }
    if (!inPath || !ftpOut) throw new Error('the order example has no woocommerce-in or no pyramid-ftp-out upload');
    rt = await startRuntime(flows, credentials, { countBy: { node: ftpOut, property: 'filename' } });
    const hookUrl = `http://127.0.0.1:${rt.port}${inPath}`;

    // the deliveries: every order once, and a share again, some 64 places later
    const first = 300_001;
    const list: Delivery[] = [];
    const later: { at: number; d: Delivery }[] = [];
    const every = dupShare > 0 ? Math.max(1, Math.round(1 / dupShare)) : 0;
    for (let i = 0; i < n; i++) {
      const d: Delivery = { id: first + i, delivery: randomBytes(16).toString('hex'), duplicate: false };
      list.push(d);
      if (every && i % every === every - 1) {
        const again = (i / every) % 2 < 1 ? d.delivery : randomBytes(16).toString('hex');
        later.push({ at: i + 64, d: { id: d.id, delivery: again, duplicate: true } });
      }
      while (later.length && later[0].at <= i) list.push(later.shift()!.d);
    }
    for (const l of later) list.push(l.d);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const bodyOf = (id: number): string => {
      const o = { ...template, id, number: String(id), order_key: `wc_order_${id.toString(36)}`, date_modified: template.date_modified, date_modified_gmt: template.date_modified_gmt };
      return phpJsonEncode(o);
    };
    const answers = { ok: 0, duplicate: 0, other: 0, otherStatuses: {} as Record<string, number> };
    const post = (d: Delivery): Promise<void> =>
      new Promise((resolve) => {
        const body = bodyOf(d.id);
        const req = http.request(
          hookUrl,
          {
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
              'X-WC-Webhook-Source': `${shop.url}/`,
              'X-WC-Webhook-Topic': 'order.created',
              'X-WC-Webhook-Resource': 'order',
              'X-WC-Webhook-Event': 'created',
              'X-WC-Webhook-ID': '1',
              'X-WC-Webhook-Delivery-ID': d.delivery,
              'X-WC-Webhook-Signature': createHmac('sha256', HOOK_SECRET).update(body, 'utf8').digest('base64'),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (c: string) => (text += c));
            res.on('end', () => {
              if (res.statusCode === 200 && /"duplicate":true/.test(text)) answers.duplicate++;
              else if (res.statusCode === 200) answers.ok++;
              else {
                answers.other++;
                const k = String(res.statusCode);
                answers.otherStatuses[k] = (answers.otherStatuses[k] ?? 0) + 1;
              }
              resolve();
            });
          },
        );
        req.on('error', (e) => {
          answers.other++;
          answers.otherStatuses[e.message] = (answers.otherStatuses[e.message] ?? 0) + 1;
          resolve();
        });
        req.end(body);
      });

    const inFolder = ftp.inDisk;
    const orderFiles = () => fs.readdirSync(inFolder).filter((f) => /^Order_.*\.xml$/i.test(f));
    const s0 = await rt.stats();
    const t0 = process.hrtime.bigint();
    let next = 0;
    const workers = Array.from({ length: 16 }, async () => {
      while (next < list.length) await post(list[next++]);
    });
    await Promise.all(workers);
    const sentMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // until every order is a file, or nothing has moved for 60 s
    let seen = 0;
    let moved = Date.now();
    let files: string[] = [];
    for (;;) {
      files = orderFiles();
      if (files.length >= n) break;
      if (files.length > seen) {
        seen = files.length;
        moved = Date.now();
      } else if (Date.now() - moved > 60_000) break;
      await sleep(50);
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const s1 = await rt.stats();
    // a while longer: a late double would show as a second upload of one name
    await sleep(2000);
    const s2 = await rt.stats();
    files = orderFiles();
    const numbers = new Map<string, number>();
    let unreadable = 0;
    for (const f of files) {
      const m = /<ExterntOrdernummer>([^<]*)<\/ExterntOrdernummer>/.exec(fs.readFileSync(path.join(inFolder, f), 'latin1'));
      if (!m) unreadable++;
      else numbers.set(m[1], (numbers.get(m[1]) ?? 0) + 1);
    }
    let lost = 0;
    for (let i = 0; i < n; i++) if (!numbers.has(`WC-${first + i}`)) lost++;
    let doubledInFiles = 0;
    for (const c of numbers.values()) if (c > 1) doubledInFiles += c - 1;
    const strangers = [...numbers.keys()].filter((k) => !/^WC-\d+$/.test(k) || Number(k.slice(3)) < first || Number(k.slice(3)) >= first + n).length;
    return {
      server: ftp.name,
      ms,
      cpuMs: s1.cpuMs - s0.cpuMs,
      rssMB: s2.rssMB,
      orders: n,
      sent: list.length,
      sentMs,
      answeredOk: answers.ok,
      answeredDuplicate: answers.duplicate,
      duplicatesSent: list.length - n,
      otherAnswers: answers.other,
      otherStatuses: answers.otherStatuses,
      files: files.length,
      lost,
      doubled: doubledInFiles + s2.doubled,
      uploadsDoubled: s2.doubled,
      strangers,
      unreadable,
      emitted: s2.received[flows.find((x) => x.type === 'switch' && (x.wires as string[][])?.length)?.id ?? ''] ?? 0,
      confirmations: s2.received[inNode] ?? 0,
      failedNodes: s2.failed,
      errors: s2.errors.slice(0, 5),
    };
  } finally {
    await rt?.stop().catch(() => undefined);
    await shop.close().catch(() => undefined);
    await ftp.close().catch(() => undefined);
  }
}

// ---- P5 -----------------------------------------------------------------------------------------

const WORDS = ['Skruv', 'Mutter', 'Bricka', 'Arbetsjacka', 'Handske', 'Borrmaskin', 'Sågklinga', 'Hörnjärn', 'Vägglampa', 'Öronskydd'];

/** A product record as the Artikeldata example's map gives it (a simple product; `rev` changes it). */
function product(i: number, rev: number): Record<string, unknown> {
  const code = `B${String(i).padStart(6, '0')}`;
  return {
    sku: code,
    name: `${WORDS[i % WORDS.length]} ${i}${rev ? ` v${rev}` : ''}`,
    type: 'simple',
    status: 'publish',
    description: `Artikel ${code}: ${WORDS[(i * 7) % WORDS.length].toLowerCase()} för proffs, rostfri och tålig.`,
    short_description: `${WORDS[(i * 3) % WORDS.length]} ${code}`,
    manage_stock: true,
    weight: ((i % 500) / 100 + 0.1).toFixed(2),
    regular_price: (((i * 37) % 200000) / 100 + 10 + rev).toFixed(2),
    attributes: [{ name: 'Färg', options: [['svart', 'röd', 'grön'][i % 3]], visible: true }],
    meta_data: [
      { key: '_pyramid_article_group', value: `G${i % 40}` },
      { key: '_pyramid_unit', value: 'st' },
    ],
  };
}

interface Phase {
  name: string;
  articles: number;
  /** Which articles carry a change (rev) in this phase. */
  rev: (i: number) => number;
}

export async function p5(n: number, changed: number): Promise<Record<string, unknown>> {
  const shop = await createShop({ consumerKey: KEY, consumerSecret: SECRET });
  let rt: Runtime | undefined;
  try {
    const flows = [
      { id: 't1', type: 'tab', label: 'P5' },
      { id: 'shop', type: 'woocommerce-store', name: 'sim', url: shop.url, version: 'wc/v3', timeout: 60, ca: '', contextStore: '' },
      { id: 'out', z: 't1', type: 'woocommerce-out', x: 100, y: 40, name: 'products by SKU', store: 'shop', resource: 'products', unknownSku: 'fail', scope: 'global', wires: [['answered'], []] },
      // every msg's answer (output 1, msg.woocommerce the summary) and every error (a msg of a split
      // file is done() once its records are held, so its answer, or its error, comes later)
      { id: 'answered', z: 't1', type: 'change', x: 300, y: 40, name: 'answered', rules: [], wires: [[]] },
      { id: 'caught', z: 't1', type: 'catch', x: 100, y: 100, name: 'errors', scope: ['out'], uncaught: false, wires: [['errored']] },
      { id: 'errored', z: 't1', type: 'change', x: 300, y: 100, name: 'errored', rules: [], wires: [[]] },
    ];
    rt = await startRuntime(flows, { shop: { consumerKey: KEY, consumerSecret: SECRET, webhookSecret: HOOK_SECRET } }, { summaries: 'answered' });
    const per = 100;
    const step = Math.max(1, Math.floor(n / changed));
    const phases: Phase[] = [
      { name: `${n.toLocaleString('en-US')} new articles`, articles: n, rev: () => 0 },
      { name: `${changed} changed, scattered (every ${step}th: one per msg of ${per}, one split file)`, articles: n, rev: (i) => (i % step === 0 && i / step < changed ? 1 : 0) },
      { name: `${changed} changed, together (articles 1-${changed}: ${Math.ceil(changed / per)} msgs)`, articles: n, rev: (i) => (i % step === 0 && i / step < changed ? 1 : 0) + (i < changed ? 1 : 0) },
      { name: 'none changed', articles: n, rev: (i) => (i % step === 0 && i / step < changed ? 1 : 0) + (i < changed ? 1 : 0) },
    ];
    const out: Record<string, unknown>[] = [];
    let msgsDone = 0;
    for (const ph of phases) {
      shop.resetCalls();
      const s0 = await rt.stats();
      const ended = (x: Stats): number => (x.completed.answered ?? 0) + (x.completed.errored ?? 0) + (x.failed.out ?? 0);
      const base = ended(s0);
      const t0 = process.hrtime.bigint();
      // the msgs of one split file, as pyramid-article's split gives them: msg.parts with the
      // sequence id and index, the count on the last msg (known only at the end of the file)
      const msgs: object[] = [];
      const seq = randomBytes(8).toString('hex');
      const total = Math.ceil(ph.articles / per);
      for (let i = 0; i < ph.articles; i += per) {
        const records: object[] = [];
        for (let j = i; j < Math.min(ph.articles, i + per); j++) records.push(product(j, ph.rev(j)));
        const index = i / per;
        msgs.push({ payload: records, parts: { id: seq, type: 'array', index, ...(index === total - 1 ? { count: total } : {}) } });
      }
      for (let k = 0; k < msgs.length; k += 20) rt.inject('out', msgs.slice(k, k + 20));
      let s = s0;
      const summaries: Record<string, unknown>[] = [];
      for (;;) {
        await sleep(50);
        s = await rt.stats();
        summaries.push(...s.summaries);
        if (ended(s) - base >= msgs.length) break;
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      msgsDone += msgs.length;
      const calls = shop.calls();
      const sum = (k: string) => summaries.reduce((a, x) => a + Number(x[k] ?? 0), 0);
      const changedHere = Array.from({ length: ph.articles }, (_, i) => i).filter((i) => ph.rev(i) !== (out.length ? phases[out.length - 1].rev(i) : -1)).length;
      out.push({
        phase: ph.name,
        articles: ph.articles,
        changed: out.length === 0 ? ph.articles : changedHere,
        msgs: msgs.length,
        ms,
        cpuMs: s.cpuMs - s0.cpuMs,
        rssMB: s.rssMB,
        calls: calls.total,
        byRoute: calls.byRoute,
        created: sum('created'),
        updated: sum('updated'),
        unchanged: sum('unchanged'),
        failedRecords: sum('failed'),
        failedMsgs: (s.failed.out ?? 0) - (s0.failed.out ?? 0) + (s.completed.errored ?? 0) - (s0.completed.errored ?? 0),
        nodeCalls: sum('calls'),
        errors: s.errors.slice(0, 3),
      });
    }
    return { phases: out, msgs: msgsDone, products: shop.state.products.size };
  } finally {
    await rt?.stop().catch(() => undefined);
    await shop.close().catch(() => undefined);
  }
}

// ---- the rows (called by run.ts) ---------------------------------------------------------------

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export async function shopRows(id: 'P4' | 'P5', o: { quick: boolean; rounds: number; runRow: RunRow }): Promise<RowResult[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { child } = require('./run') as typeof import('./run');
  if (id === 'P4') {
    const n = o.quick ? 1000 : 10_000;
    let server = '';
    const side: Side = {
      label: 'example flow: woocommerce-in (dedupe, confirm) -> map -> pyramid-order -> pyramid-ftp-out',
      ours: true,
      run: async () => {
        const r = (await child(process.execPath, [__filename, 'p4', String(n), '0.1', 'auto'])) as Record<string, unknown>;
        server = String(r.server);
        const m: Measure = {
          rate: num(r.orders) / (num(r.ms) / 1000),
          unit: 'orders/s',
          work: num(r.orders),
          ms: num(r.ms),
          cpuMs: num(r.cpuMs),
          rssMB: num(r.rssMB),
          extra: {
            files: r.files,
            lost: r.lost,
            doubled: r.doubled,
            'webhooks sent': r.sent,
            'of them duplicates': r.duplicatesSent,
            'answered duplicate': r.answeredDuplicate,
            'answered other': r.otherAnswers,
            'all answered in ms': Math.round(num(r.sentMs)),
            emitted: r.emitted,
            confirmed: r.confirmations,
          },
        };
        if (num(r.otherAnswers) > 0 || (Array.isArray(r.errors) && r.errors.length)) process.stdout.write(`  P4: ${JSON.stringify({ other: r.otherStatuses, errors: r.errors, failed: r.failedNodes })}\n`);
        return m;
      },
    };
    const row = await o.runRow(
      'P4',
      `${n.toLocaleString('en-US')} orders as signed webhooks (16 in flight, +10 % duplicates) to Order files in Pyramid's in-folder, one round`,
      [side],
      1,
      [
        'The order part of the example ("WooCommerce order to Pyramid Order.json") as it ships, in a Node-RED runtime of its own (CPU s and peak RSS are the runtime\'s alone; the demo\'s context store, localfilesystem); ' +
          "sim/shop (where the order JSON comes from; it holds no order, so the example's reconciliation poll finds nothing of its own) and the webhook sender run in the driver's process, as does ftp-srv when it is the server. " +
          'Timed from the first webhook to the last Order file in in/; files counted in the folder and parsed for ExterntOrdernummer; ' +
          '"doubled" = an order number in two files plus a second upload of one file name seen by the runtime\'s hooks on pyramid-ftp-out. ' +
          'Duplicates: every 10th order sent again 64 deliveries later, half with the same delivery id (a retry), half with a new one (a redelivery).',
        'Target: >= 200 orders/s, none lost, none doubled.',
      ],
    );
    row.notes.unshift(`FTP server: ${server} (Debian's vsftpd as in P2 where it can be set up, else the simulated Pyramid's ftp-srv).`);
    return [row];
  }
  const n = o.quick ? 5000 : 50_000;
  const changed = o.quick ? 50 : 500;
  const r = (await child(process.execPath, [__filename, 'p5', String(n), String(changed)])) as { phases: Record<string, unknown>[] };
  const res: RowResult = {
    id: 'P5',
    title: `${n.toLocaleString('en-US')} articles through woocommerce-out (products) into sim/shop in msgs of 100, then ${changed} changed, then none changed`,
    sides: [],
    ratios: [],
    notes: [
      'One woocommerce-out node (products, by SKU; the context store localfilesystem, global scope) in a Node-RED runtime of its own; records as the Artikeldata example\'s map gives them ' +
        '(simple products: sku, name, descriptions, price, weight, one attribute, meta_data), in msgs of 100 as that example sends them. Phases run in order on the same shop and node. ' +
        'Counted: every REST request the shop received in the phase (sim/shop\'s call counter, reset between phases), by route: "batch calls" = POST products/batch, ' +
        '"SKU lookups" = GET products?sku=<up to 100 SKUs> (made only for SKUs the node has no shop id for), "other" = anything else.',
      `Target: ceil(n/100) batch calls for n new or changed records, plus ceil(n/100) SKU lookups for never-seen SKUs; 0 calls when unchanged.`,
    ],
  };
  r.phases.forEach((p, i) => {
    const byRoute = (p.byRoute ?? {}) as Record<string, number>;
    const batches = byRoute['POST products/batch'] ?? 0;
    const lookups = byRoute['GET products'] ?? 0;
    const changedHere = num(p.changed);
    const m: Measure = {
      rate: num(p.articles) / (num(p.ms) / 1000),
      unit: 'articles/s',
      work: num(p.articles),
      ms: num(p.ms),
      cpuMs: num(p.cpuMs),
      rssMB: num(p.rssMB),
      extra: {
        'REST calls': p.calls,
        'batch calls': batches,
        'batch target': Math.ceil(changedHere / 100),
        lookups,
        'lookup target': i === 0 ? Math.ceil(changedHere / 100) : 0,
        'other calls': num(p.calls) - batches - lookups,
        created: p.created,
        updated: p.updated,
        unchanged: p.unchanged,
        'failed records': p.failedRecords,
      },
    };
    res.sides.push({ label: `phase ${i + 1}: ${String(p.phase)}`, ours: true, m, rounds: [m] });
  });
  return [res];
}

if (require.main === module) {
  const [which, a, b, c] = process.argv.slice(2);
  (which === 'p4' ? p4(Number(a), b === undefined ? 0.1 : Number(b), c === 'ftp-srv' || c === 'vsftpd' ? c : 'auto') : p5(Number(a), Number(b ?? 500)))
    .then((r) => {
      process.stdout.write(JSON.stringify(r) + '\n');
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
