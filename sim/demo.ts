/**
 * The demo: a simulated Pyramid, a WooCommerce-compatible shop and Node-RED running
 * "examples/Complete integration.json", with its config nodes filled in for the simulator.
 * `npm start` runs main(); the end-to-end tests call startDemo() on free ports.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPyramid, DEMO_PORTS, demoUsersBanner, type Pyramid, type PyramidTimings } from './pyramid';
import { createShop, type Shop } from './shop';

const root = path.resolve(__dirname, '..', '..');

interface NodeRedHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// scripts/nodered.js is plain JS shared with the test tools
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNodeRed } = require(path.join(root, 'scripts', 'nodered.js')) as {
  startNodeRed(o: {
    port?: number;
    host?: string;
    userDir: string;
    flows?: unknown[];
    credentials?: Record<string, unknown>;
    credentialSecret?: string | false;
    adminAuth?: object;
    contextDefault?: 'memory' | 'file';
    log?: string;
  }): Promise<NodeRedHandle>;
};

/** The simulator's shop keys and webhook secret: public demo values, the same as in the example flow. */
export const DEMO_SHOP = {
  consumerKey: 'ck_pyramid_demo_simulator',
  consumerSecret: 'cs_pyramid_demo_simulator',
  webhookSecret: 'whsec_pyramid_demo_simulator',
};

export const DEMO_PORTS_ALL: Record<"ftp" | "soap" | "admin" | "shop" | "nodeRed", number> = { ...DEMO_PORTS, shop: 8090, nodeRed: 1880 };

export interface DemoOptions {
  /** 0 everywhere: free ports (tests). Default: the fixed demo ports. */
  ports?: Partial<typeof DEMO_PORTS_ALL>;
  /** Node-RED's user dir (default .node-red/ in the repo, git-ignored). */
  userDir?: string;
  /** Pyramid's FTP root (default .demo/pyramid/, git-ignored). */
  dataDir?: string;
  timings?: PyramidTimings;
  /** Node-RED log level (default info). */
  logLevel?: string;
  /** Log lines of the simulators (default console). */
  log?: ((line: string) => void) | false;
  /**
   * Start from the example and a clean state (the demo's folders are emptied). Default false: the
   * flows the user deployed, their credentials and the context store are kept between runs.
   */
  fresh?: boolean;
  /** Editor authentication with this user (the demo prints the password). Default: none (tests). */
  admin?: { username: string; password: string };
}

/**
 * The demo's own secrets, made once per user dir and kept there (mode 0600): the key that encrypts
 * flows_cred.json, the editor password and the simulated Pyramid's FTP password, so that a user's
 * deployed flows and their credentials stay valid across runs.
 */
export interface DemoSecrets {
  credentialSecret: string;
  adminPassword: string;
  ftpPassword: string;
  /** The shop-facing endpoints' signing secret (the shop's server signs with it). */
  shopApiSecret: string;
  /** Signs the B2B login tokens. */
  tokenSecret: string;
}

export function demoSecrets(userDir: string): DemoSecrets {
  const file = path.join(userDir, '.demo-secrets.json');
  fs.mkdirSync(userDir, { recursive: true });
  try {
    const s = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoSecrets;
    if (s.credentialSecret && s.adminPassword && s.ftpPassword && s.shopApiSecret && s.tokenSecret) return s;
  } catch {
    // first run, or an unreadable file: make new ones
  }
  const s: DemoSecrets = {
    credentialSecret: randomBytes(24).toString('base64url'),
    adminPassword: randomBytes(9).toString('base64url'),
    ftpPassword: randomBytes(12).toString('base64url'),
    shopApiSecret: randomBytes(24).toString('base64url'),
    tokenSecret: randomBytes(24).toString('base64url'),
  };
  fs.writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

/** Node-RED's adminAuth for one user, checked in constant time (no bcrypt hash to ship). */
function adminAuthFor(user: { username: string; password: string }): object {
  const digest = (v: string): Buffer => createHash('sha256').update(v).digest();
  const want = digest(user.password);
  return {
    type: 'credentials',
    users: (username: string) => Promise.resolve(username === user.username ? { username, permissions: '*' } : null),
    authenticate: (username: string, password: string) =>
      Promise.resolve(username === user.username && timingSafeEqual(digest(String(password)), want) ? { username, permissions: '*' } : null),
  };
}

export interface Demo {
  secrets: DemoSecrets;
  pyramid: Pyramid;
  shop: Shop;
  nodeRed: NodeRedHandle;
  flows: Record<string, unknown>[];
  stop(): Promise<void>;
}

type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The complete example, the flow `npm start` runs. */
export const DEMO_EXAMPLE = 'Complete integration.json';

/**
 * The example flow with its config nodes pointed at this run's simulators, and their credentials
 * (they go to Node-RED's credential store, never into the flow).
 */
export function demoFlows(pyramid: Pyramid, shopUrl: string, secrets: Pick<DemoSecrets, 'shopApiSecret' | 'tokenSecret'>): { flows: FlowNode[]; credentials: Record<string, unknown> } {
  const file = path.join(root, 'examples', DEMO_EXAMPLE);
  const flows = JSON.parse(fs.readFileSync(file, 'utf8')) as FlowNode[];
  const credentials: Record<string, unknown> = {};
  for (const n of flows) {
    if (n.type === 'pyramid-ftp-server') {
      n.host = pyramid.ftp.host;
      n.port = pyramid.ftp.port;
      credentials[n.id] = { user: pyramid.ftp.user, password: pyramid.ftp.password };
    }
    if (n.type === 'pyramid-ws-endpoint') {
      n.wsdl = pyramid.wsdlUrl;
      n.endpoint = pyramid.soapUrl;
    }
    if (n.type === 'woocommerce-store') {
      n.url = shopUrl;
      credentials[n.id] = { consumerKey: DEMO_SHOP.consumerKey, consumerSecret: DEMO_SHOP.consumerSecret, webhookSecret: DEMO_SHOP.webhookSecret };
    }
    if (n.type === 'pyramid-shop-access') {
      credentials[n.id] = { signatureSecret: secrets.shopApiSecret, tokenSecret: secrets.tokenSecret };
    }
  }
  return { flows, credentials };
}

/** The webhooks an integrator registers in WooCommerce: one per topic of each woocommerce-in node. */
export function demoWebhooks(flows: FlowNode[], nodeRedUrl: string): { topic: string; deliveryUrl: string }[] {
  const hooks: { topic: string; deliveryUrl: string }[] = [];
  for (const n of flows) {
    if (n.type !== 'woocommerce-in' || n.d) continue;
    const p = String(n.path ?? '');
    for (const topic of String(n.topics ?? '').split(',').map((t) => t.trim()).filter(Boolean)) {
      hooks.push({ topic, deliveryUrl: `${nodeRedUrl}${p.startsWith('/') ? '' : '/'}${p}` });
    }
  }
  return hooks;
}

export async function startDemo(o: DemoOptions = {}): Promise<Demo> {
  const ports = { ...DEMO_PORTS_ALL, ...o.ports };
  const userDir = o.userDir ?? path.join(root, '.node-red');
  const dataDir = o.dataDir ?? path.join(root, '.demo', 'pyramid');
  // a user dir without flows, or from before the demo kept its secrets there, starts from the example
  const fresh = (o.fresh ?? false) || !fs.existsSync(path.join(userDir, 'flows.json')) || !fs.existsSync(path.join(userDir, '.demo-secrets.json'));
  if (fresh) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    for (const f of ['flows.json', 'flows_cred.json', '.flows.json.backup', '.flows_cred.json.backup', 'context', 'pyramid-ftp']) {
      fs.rmSync(path.join(userDir, f), { recursive: true, force: true });
    }
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secrets = demoSecrets(userDir);
  const log = o.log === false ? () => undefined : (o.log ?? ((line: string) => console.log(line)));

  const pyramid = await createPyramid({
    ports: { ftp: ports.ftp, soap: ports.soap, admin: ports.admin },
    dataDir,
    removeDataDir: false,
    ftpPassword: secrets.ftpPassword,
    timings: o.timings,
    log: o.log === false ? false : (level, message) => log(`[pyramid] ${level === 'info' ? '' : level + ': '}${message}`),
  });
  let shop: Shop | undefined;
  let nodeRed: NodeRedHandle | undefined;
  try {
    shop = await createShop({
      port: ports.shop,
      consumerKey: DEMO_SHOP.consumerKey,
      consumerSecret: DEMO_SHOP.consumerSecret,
      shopName: 'Demobutiken',
      log: (line) => log(`[shop] ${line}`),
    });
    const { flows, credentials } = demoFlows(pyramid, shop.url, secrets);
    nodeRed = await startNodeRed({
      port: ports.nodeRed,
      userDir,
      // a kept user dir keeps the user's flows and credentials
      ...(fresh ? { flows, credentials } : {}),
      credentialSecret: secrets.credentialSecret,
      adminAuth: o.admin ? adminAuthFor(o.admin) : undefined,
      contextDefault: 'file',
      log: o.logLevel ?? 'info',
    });
    // register the webhooks the way an integrator does in WooCommerce's settings, for the flow
    // that runs (the user's, when kept)
    const running = JSON.parse(fs.readFileSync(path.join(userDir, 'flows.json'), 'utf8')) as FlowNode[];
    for (const { topic, deliveryUrl } of demoWebhooks(running, nodeRed.url)) {
      const res = await fetch(`${shop.url}/wp-json/wc/v3/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Basic ' + Buffer.from(`${DEMO_SHOP.consumerKey}:${DEMO_SHOP.consumerSecret}`).toString('base64'),
        },
        body: JSON.stringify({ name: `Pyramid ${topic}`, topic, delivery_url: deliveryUrl, secret: DEMO_SHOP.webhookSecret, status: 'active' }),
      });
      if (!res.ok) throw new Error(`could not register the ${topic} webhook: ${res.status} ${await res.text()}`);
    }
  } catch (e) {
    await nodeRed?.stop().catch(() => undefined);
    await shop?.close().catch(() => undefined);
    await pyramid.close().catch(() => undefined);
    throw e;
  }
  const s = shop;
  const nr = nodeRed;
  return {
    pyramid,
    shop: s,
    nodeRed: nr,
    flows: demoFlows(pyramid, s.url, secrets).flows,
    secrets,
    stop: async () => {
      await nr.stop().catch(() => undefined);
      await s.close().catch(() => undefined);
      await pyramid.close().catch(() => undefined);
    },
  };
}

/** npm start [-- --reset] */
export async function main(argv: string[]): Promise<void> {
  const t0 = Date.now();
  const unknown = argv.filter((a) => a !== '--reset');
  if (unknown.length) throw new Error(`unknown option ${unknown.join(' ')} (the demo takes --reset)`);
  const reset = argv.includes('--reset');
  // everything the demo and Node-RED write (credentials, context, backups) is readable by this user only
  process.umask(0o077);
  const userDir = path.join(root, '.node-red');
  if (reset) fs.rmSync(path.join(userDir, '.demo-secrets.json'), { force: true });
  const admin = { username: 'admin', password: demoSecrets(userDir).adminPassword };
  // the console shows what a person follows: Pyramid's files and imports, webhook deliveries, problems
  const quiet = /^\[pyramid\] debug: |^\[shop\] (GET|POST|PUT|DELETE) \S+ 2\d\d$/;
  const demo = await startDemo({
    userDir,
    fresh: reset,
    admin,
    logLevel: 'warn',
    log: (line) => (quiet.test(line) ? undefined : console.log(line)),
  });
  const lines = [
    '',
    'Pyramid ⇄ WooCommerce demo is running',
    `  Node-RED editor      ${demo.nodeRed.url}/   (user ${admin.username}, password ${admin.password})`,
    `  Shop (WooCommerce)   ${demo.shop.url}/`,
    `  Pyramid simulator    FTP ftp://${demo.pyramid.ftp.host}:${demo.pyramid.ftp.port} (user ${demo.pyramid.ftp.user})`,
    `                       SOAP ${demo.pyramid.soapUrl}  WSDL ${demo.pyramid.wsdlUrl}`,
    `                       admin ${demo.pyramid.adminUrl}/api/state`,
    `  Shop-facing API      ${demo.nodeRed.url}/shop/... (signed by the shop's server; try it with`,
    `                       node dist/sim/shop-call.js POST /shop/login '{"username":"anna.bjorklund","password":"…"}'`,
    `                       node dist/sim/shop-call.js GET /shop/orders/10001 )`,
    demoUsersBanner(demo.pyramid.demoUsers),
    `Started in ${((Date.now() - t0) / 1000).toFixed(1)} s. Place an order on the shop page and watch it reach Pyramid. Ctrl-C stops everything.`,
    `Your changes to the flows are kept between runs; \`npm start -- --reset\` starts again from the example.`,
    '',
  ];
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('stopping ...');
    demo.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
