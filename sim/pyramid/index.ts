/**
 * A simulated Pyramid Business Studio for `npm start` and the end-to-end tests: an FTP server with
 * Pyramid's out- and in-folders, a SOAP server with the project's WSDL, an admin API, and a seeded
 * Swedish data set that writes, imports and changes like Pyramid does.
 *
 *   const p = await createPyramid({ timings: { statusStepMs: 200 } });
 *   // p.ftp, p.soapUrl, p.wsdlUrl, p.adminUrl, p.demoUsers ... await p.close();
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { codePage, type CodePage } from './codepage';
import { createDataSet } from './dataset';
import { Outbox, type SlowWrite } from './outbox';
import { Importer, IN_FOLDERS } from './importer';
import { PyramidSim, type LogFn, type LogLevel } from './sim';
import { startFtp } from './ftp';
import { findProjectWsdl, soapHandler, SOAP_PATH } from './soap';
import { adminHandler } from './admin';
import type { DemoUser, SimData } from './types';

export type { LogFn, LogLevel } from './sim';
export type { DemoUser, SimData, WrittenFile, SimOrder } from './types';
export { PyramidSim } from './sim';

export interface PyramidTimings {
  /** Time between an imported order's status steps (registrerad -> plockas -> levererad -> fakturerad). Default 10 000. */
  statusStepMs?: number;
  /** How often the in-folder is looked at; a file is imported once unchanged over two looks. Default 1 000. */
  importPollMs?: number;
  /** How often Grunddata and Pris fullständig are written again. Default 900 000 (15 minutes). */
  scheduleMs?: number;
  /** Activity mode at start: random stock, price and article changes. Default false. */
  activity?: boolean;
  /** Time between two rounds of activity. Default 10 000. */
  activityMs?: number;
}

export interface PyramidOptions {
  /** Interface to listen on. Loopback only (default 127.0.0.1). */
  host?: string;
  /** Ports; 0 (the default) takes a free port. */
  ports?: { ftp?: number; soap?: number; admin?: number };
  /** The FTP root, holding out/ and in/. Default: a fresh temporary folder (removed at close). */
  dataDir?: string;
  /** Remove the data folder at close (default: true for the temporary folder, false for a given one). */
  removeDataDir?: boolean;
  /** Code page of the out-files (default windows-1252). */
  encoding?: string;
  /** Seed of the data set (default "pyramid"). The same seed gives the same data. */
  seed?: string | number;
  timings?: PyramidTimings;
  /** FTP login (default user "pyramid" and a random password, both returned in `ftp`). */
  ftpUser?: string;
  ftpPassword?: string;
  /** Write out-files slowly under their final name instead of temp name + rename. */
  slowWrite?: boolean | SlowWrite;
  /** Write the full files at start (default true). */
  initialFiles?: boolean;
  /** Use this WSDL instead of the project's wsdl/pyramid-eshop.wsdl. */
  wsdlFile?: string;
  /** Where log lines go (default console, info and up); false for none. Never receives a password. */
  log?: LogFn | false;
}

export interface Pyramid {
  ftp: { host: string; port: number; user: string; password: string; outDir: '/out'; inDir: '/in' };
  /** The SOAP endpoint (POST), e.g. http://127.0.0.1:41234/wts/eshop */
  soapUrl: string;
  /** `${soapUrl}?wsdl` (also served at `?WSQUERY`). */
  wsdlUrl: string;
  /** The admin API base, e.g. http://127.0.0.1:41235 (GET /api/state ...). */
  adminUrl: string;
  /** Web users with a known password (only here: never logged). */
  demoUsers: DemoUser[];
  /** The live data set. */
  data: SimData;
  /** The simulator (state(), changeStock(), advanceOrder(), ...). */
  sim: PyramidSim;
  /** The FTP root on disk. */
  dataDir: string;
  /**
   * Events: `file` (an out-file written), `order-imported`, `order-status`, `quote-imported`,
   * `customer-registered`, `contact-registered`, `duplicate`, `import-error`, `change`, `login`.
   */
  events: EventEmitter;
  close(): Promise<void>;
}

export const DEFAULT_TIMINGS: Required<PyramidTimings> = {
  statusStepMs: 10_000,
  importPollMs: 1_000,
  scheduleMs: 15 * 60_000,
  activity: false,
  activityMs: 10_000,
};

/** Ports a demo can use when it wants fixed addresses (the CLI's default admin URL uses `admin`). */
export const DEMO_PORTS = { ftp: 2121, soap: 8088, admin: 8089 } as const;

function consoleLog(level: LogLevel, message: string): void {
  if (level === 'debug') return;
  const line = `[pyramid] ${message}`;
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function createPyramid(opts: PyramidOptions = {}): Promise<Pyramid> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`host ${host}: the simulator listens on loopback only (127.0.0.1)`);
  const log: LogFn = opts.log === false ? () => undefined : (opts.log ?? consoleLog);
  const timings = { ...DEFAULT_TIMINGS, ...opts.timings };
  const encoding: CodePage | undefined = codePage(opts.encoding ?? 'windows-1252');
  if (!encoding) throw new Error(`encoding ${String(opts.encoding)} is not one of utf-8, windows-1252, iso-8859-1, cp437, cp850`);
  const seed = opts.seed ?? 'pyramid';
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-sim-'));
  const removeDataDir = opts.removeDataDir ?? ownDir;
  const outDir = path.join(dataDir, 'out');
  const inDir = path.join(dataDir, 'in');
  fs.mkdirSync(outDir, { recursive: true });
  fs.mkdirSync(inDir, { recursive: true });
  const wsdl = fs.readFileSync(opts.wsdlFile ?? findProjectWsdl(), 'utf8');
  const user = opts.ftpUser ?? 'pyramid';
  const password = opts.ftpPassword ?? randomBytes(12).toString('base64url');

  const ds = await createDataSet(seed, new Date());
  const slow = opts.slowWrite === true ? {} : opts.slowWrite || undefined;
  const outbox = new Outbox({ dir: outDir, encoding, slowWrite: slow });
  const sim = new PyramidSim(ds, { seed, outbox, statusStepMs: timings.statusStepMs, activityMs: timings.activityMs, log });
  const importer = new Importer({ dir: inDir, pollMs: timings.importPollMs, sim, log });

  // closing runs in this order: stop the work (timers, poller), close the servers, let the last
  // files land, remove the temporary folder
  const stopping: (() => Promise<void> | void)[] = [];
  const servers: (() => Promise<void>)[] = [];
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      const steps = [
        ...stopping,
        () => sim.close(),
        ...servers.reverse(),
        async () => {
          await outbox.idle();
          outbox.close();
        },
        () => {
          if (removeDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
        },
      ];
      for (const step of steps) {
        try {
          await step();
        } catch (e) {
          log('warn', `closing: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })());

  try {
    const ftp = await startFtp({ host, port: opts.ports?.ftp ?? 0, root: dataDir, user, password, log });
    servers.push(() => ftp.close());

    let soapUrl = '';
    const soapServer = http.createServer();
    const soap = soapHandler({ sim, seed, colourOf: ds.colourOf, log, wsdl, endpoint: () => soapUrl });
    soapServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const p = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (p === SOAP_PATH || p === `${SOAP_PATH}/`) soap(req, res);
      else {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`not found: the service is at ${SOAP_PATH}\n`);
      }
    });
    const soapPort = await listen(soapServer, host, opts.ports?.soap ?? 0);
    servers.push(() => closeServer(soapServer));
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    soapUrl = `http://${hostInUrl}:${soapPort}${SOAP_PATH}`;

    let adminUrl = '';
    const adminServer = http.createServer(
      adminHandler({
        sim,
        log,
        info: () => ({ ftp: { host, port: ftp.port, user, outDir: '/out', inDir: '/in', inFolders: IN_FOLDERS }, soapUrl, wsdlUrl: `${soapUrl}?wsdl`, dataDir, encoding, seed, timings }),
      }),
    );
    const adminPort = await listen(adminServer, host, opts.ports?.admin ?? 0);
    servers.push(() => closeServer(adminServer));
    adminUrl = `http://${hostInUrl}:${adminPort}`;

    if (opts.initialFiles !== false) await sim.writeInitialFiles();

    let scheduleTimer: NodeJS.Timeout | undefined;
    let scheduleClosed = false;
    const armSchedule = () => {
      scheduleTimer = setTimeout(() => {
        sim
          .writeScheduled()
          .catch((e: unknown) => log('error', `scheduled export: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => {
            if (!scheduleClosed) armSchedule();
          });
      }, timings.scheduleMs);
    };
    armSchedule();
    stopping.push(() => {
      scheduleClosed = true;
      if (scheduleTimer) clearTimeout(scheduleTimer);
    });

    importer.start();
    stopping.push(() => importer.close());
    if (timings.activity) sim.setActivity(true);

    const c = sim.counts();
    log(
      'info',
      `simulated Pyramid ready: FTP ftp://${hostInUrl}:${ftp.port} (user ${user}, out /out, in /in), SOAP ${soapUrl} (WSDL ${soapUrl}?wsdl), admin ${adminUrl}/api/state; ` +
        `${c.articles} articles (${c.kitArticles} kits), ${c.stockRows} stock rows, ${c.customers} customers, ${c.contacts} contacts, ${c.priceListPrices + c.customerPrices} prices; files in ${encoding}`,
    );
    log('info', `demo web users: ${ds.demoUsers.map((d) => `${d.username} (customer ${d.customerNumber})`).join(', ')}; their passwords are in demoUsers, never in the log`);

    return {
      ftp: { host, port: ftp.port, user, password, outDir: '/out', inDir: '/in' },
      soapUrl,
      wsdlUrl: `${soapUrl}?wsdl`,
      adminUrl,
      demoUsers: ds.demoUsers.map((d) => ({ ...d })),
      data: sim.data,
      sim,
      dataDir,
      events: sim.events,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The demo users as lines for a console banner (the one place their passwords are shown). */
export function demoUsersBanner(users: readonly DemoUser[]): string {
  return users.map((u) => `  ${u.username.padEnd(16)} ${u.password.padEnd(16)} customer ${u.customerNumber}: ${u.description}`).join('\n');
}
