/**
 * Soak: the demo's flows under continuous activity for N minutes (default 10) with Node-RED's RSS
 * sampled every 10 s. Node-RED runs in its own process (the fault suites' harness) so its RSS is
 * its own; the simulated Pyramid and shop run here. Activity: the simulator's random stock, price
 * and article changes, an order placed in the shop every second, and web-service calls through the
 * flow's shop-facing endpoints (login and customer prices, signed as a shop signs them) twice a second.
 * Passes when the last minute's median RSS is within 10 % of the second minute's.
 *
 *   node dist/bench/soak.js [--minutes 10]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { signatureHeaders } from '../lib/shop/api';
import { demoSecrets } from '../sim/demo';
import { NodeRed, flowsFor, freePort, pyramidState, registerWebhooks, startSims, tmpDir, waitForCatalogue } from '../test/faults/support';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(argv: string[]): Promise<number> {
  const i = argv.indexOf('--minutes');
  const minutes = i >= 0 ? Number(argv[i + 1]) : 10;
  if (!(minutes >= 3)) throw new Error('--minutes must be 3 or more (the second and the last minute are compared)');
  const dir = tmpDir('soak');
  const sims = await startSims(dir, { activityMs: 3000 });
  const { flows, credentials } = flowsFor(sims);
  const secret = demoSecrets(path.join(dir, 'demo-secrets')).shopApiSecret;
  const nr = new NodeRed({ userDir: path.join(dir, 'node-red'), port: await freePort(), context: 'file', flows, credentials });
  const calls: Record<string, number> = {};
  let orders = 0;
  try {
    await nr.start();
    await registerWebhooks(sims.shop, nr.flows, nr.url);
    const t0 = Date.now();
    await waitForCatalogue(sims);
    process.stdout.write(`catalogue in the shop after ${((Date.now() - t0) / 1000).toFixed(1)} s; soaking for ${minutes} min\n`);
    await fetch(`${sims.pyramid.adminUrl}/api/activity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ on: true }) });
    const user = sims.pyramid.demoUsers[0];
    const art = [...sims.pyramid.data.articles.values()].find((a) => a.webActive && !a.parentArticle);
    const call = async (p: string, body: object): Promise<void> => {
      const text = JSON.stringify(body);
      try {
        const res = await fetch(`${nr.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(secret, 'POST', p, text) }, body: text });
        await res.arrayBuffer();
        calls[`${p} ${res.status}`] = (calls[`${p} ${res.status}`] ?? 0) + 1;
      } catch (e) {
        calls[`${p} ${(e as Error).message}`] = (calls[`${p} ${(e as Error).message}`] ?? 0) + 1;
      }
    };
    const orderTimer = setInterval(() => {
      sims.shop.placeTestOrder();
      orders += 1;
    }, 1000);
    const wsTimer = setInterval(() => {
      void call('/shop/login', { username: user.username, password: user.password });
      if (art) void call('/shop/prices', { customerNumber: user.customerNumber, rows: [{ articleCode: art.articleCode, quantity: 3 }] });
    }, 500);
    const samples: { s: number; mb: number }[] = [];
    const start = Date.now();
    const pid = nr.child?.pid as number;
    while (Date.now() - start < minutes * 60_000) {
      const s = Math.round((Date.now() - start) / 1000);
      const mb = rssMb(pid);
      samples.push({ s, mb });
      process.stdout.write(`t=${String(s).padStart(4)} s  RSS ${mb.toFixed(1)} MB  orders ${orders}\n`);
      await new Promise((r) => setTimeout(r, 10_000));
    }
    clearInterval(orderTimer);
    clearInterval(wsTimer);
    const second = samples.filter((x) => x.s >= 60 && x.s < 120).map((x) => x.mb);
    const last = samples.filter((x) => x.s >= (minutes - 1) * 60).map((x) => x.mb);
    const m2 = median(second);
    const mLast = median(last);
    const growth = (mLast - m2) / m2;
    const st = await pyramidState(sims);
    process.stdout.write(
      `\nsoak ${minutes} min: RSS median 2nd minute ${m2.toFixed(1)} MB, last minute ${mLast.toFixed(1)} MB (${(growth * 100).toFixed(1)} %), ` +
        `max ${Math.max(...samples.map((x) => x.mb)).toFixed(1)} MB; orders placed ${orders}, in Pyramid ${st.orders.length}; ` +
        `web-service calls ${JSON.stringify(calls)}; shop REST calls ${sims.shop.calls().total}\n`,
    );
    const pass = Math.abs(growth) <= 0.1 || growth < 0;
    process.stdout.write(pass ? 'PASS: no growth trend\n' : 'FAIL: the last minute is more than 10 % above the second\n');
    return pass ? 0 : 1;
  } finally {
    await nr.kill();
    await sims.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
