/**
 * Test servers for the web-service suites: a real soap server (`soap.listen`) on a node http or
 * https server bound to 127.0.0.1 on a free port, started from a WSDL with handlers written in the
 * test; and self-signed certificates made by the openssl CLI into a temp dir.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const PROJECT_WSDL = path.join(ROOT, 'wsdl', 'pyramid-eshop.wsdl');
/** The real Pyramid WTS WSDL (shared reference material; PYRAMID_WTS_REFERENCE_WSDL overrides its place). */
export const REFERENCE_WSDL = process.env.PYRAMID_WTS_REFERENCE_WSDL || path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'wsdl', 'pyramid-wts-example.wsdl');

export type Handler = (args: Record<string, unknown>, cb?: (r: unknown) => void, headers?: Record<string, unknown>, req?: http.IncomingMessage) => unknown;

export interface SoapServerOptions {
  wsdlFile: string;
  /** Path the service (and its WSDL, at `?wsdl`) is served on. */
  path?: string;
  service: string;
  port?: string;
  handlers: Record<string, Handler>;
  tls?: { key: string; cert: string };
  /** TCP port to listen on (default: a free one). */
  listenPort?: number;
  /** HTTP-level check (basic auth): false answers 401. */
  authorize?: (req: http.IncomingMessage) => boolean;
  /** WS-Security check: the parsed wsse:Security header -> accepted. */
  authenticate?: (security: unknown) => boolean;
}

export interface TestSoapServer {
  url: string;
  wsdlUrl: string;
  port: number;
  /** Requests received, WSDL fetches included (method + url). */
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  /** Raw request bodies of SOAP calls. */
  bodies: string[];
  close(): Promise<void>;
}

export async function startSoapServer(o: SoapServerOptions): Promise<TestSoapServer> {
  const servicePath = o.path ?? '/wts/eshop';
  const requests: TestSoapServer['requests'] = [];
  const bodies: string[] = [];
  const server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }) : http.createServer();
  // soap.listen takes over the 'request' listeners and calls the earlier ones for other paths
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.listenPort ?? 0, '127.0.0.1', () => resolve());
  });
  const xml = fs.readFileSync(o.wsdlFile, 'utf8');
  const services = { [o.service]: { [o.port ?? 'ServiceSoap']: o.handlers } };
  let listener!: soap.Server;
  await new Promise<void>((resolve, reject) => {
    listener = soap.listen(server, {
      path: servicePath,
      services: services as unknown as soap.IServices,
      xml,
      callback: (err: unknown) => (err ? reject(err) : resolve()),
    } as soap.IServerOptions);
  });
  // record every request, and answer WTS's own WSDL query (`<service>?WSQUERY`) like a WTS host
  const soapListeners = server.listeners('request').slice() as ((req: http.IncomingMessage, res: http.ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => bodies.push(Buffer.concat(chunks).toString('utf8')));
    }
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && u.pathname === servicePath && u.search.toUpperCase() === '?WSQUERY') {
      if (o.authorize && !o.authorize(req)) {
        res.statusCode = 401;
        res.end();
        return;
      }
      res.setHeader('Content-Type', 'text/xml; charset=utf-8');
      res.end(xml);
      return;
    }
    for (const l of soapListeners) l.call(server, req, res);
  });
  if (o.authorize) {
    const check = o.authorize;
    listener.authorizeConnection = (req: http.IncomingMessage, res?: http.ServerResponse) => {
      if (check(req)) return true;
      if (res) {
        res.statusCode = 401;
        res.setHeader('WWW-Authenticate', 'Basic realm="wts"');
      }
      return false;
    };
  }
  if (o.authenticate) {
    const auth = o.authenticate;
    (listener as unknown as { authenticate: (s: unknown) => boolean }).authenticate = (security: unknown) => auth(security);
  }
  const port = (server.address() as AddressInfo).port;
  const base = `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}${servicePath}`;
  return {
    url: base,
    wsdlUrl: `${base}?wsdl`,
    port,
    requests,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A SOAP 1.1 fault for a handler to throw. */
export function fault(faultcode: string, faultstring: string, statusCode = 500): { Fault: Record<string, unknown> } {
  return { Fault: { faultcode, faultstring, statusCode } };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A self-signed certificate for 127.0.0.1 (openssl CLI), as PEM text and files. */
export function selfSignedCert(dir: string, name = 'server'): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}

/** Handlers for the project's five operations, answering from small fixed data. */
export function eshopHandlers(): Record<string, Handler> {
  return {
    Orderhistorik(args) {
      // some services answer a fault with HTTP 200: the client must still see a fault
      if (args.Kundnummer === '404') throw fault('soap:Client', 'Okänd kund 404', 200);
      return {
        Ordrar: {
          Order: [
            {
              Ordernummer: '000123',
              ExterntOrdernummer: 'WC-10042',
              Orderdatum: '2026-11-28',
              Status: 'levererad',
              Summa: '1661,25',
              Valuta: 'SEK',
              Rader: { Rad: [{ Radnummer: '1', Artikelkod: '00123', Benamning: 'Skruv M6', Antal: '100', APris: '12,50', LevereratAntal: '100' }] },
              Leveranser: { Leverans: [{ Sparningsnummer: 'PN123SE', Transportor: 'PostNord', Leveransdatum: '2026-11-29' }] },
              Fakturor: { Faktura: [{ Fakturanummer: 'F-9', Datum: '2026-11-29', Forfallodatum: '2026-12-29', Belopp: '1661,25', Betald: 'N' }] },
            },
          ],
        },
        TotaltAntal: '1',
      };
    },
    KontaktRegistrering(args) {
      if (args.Epost === 'finns@example.se') return { Status: 'finns-redan', Meddelande: 'Kontakt finns redan' };
      return { KontaktId: '00077', Status: 'registrerad' };
    },
    Inloggning(args) {
      const ok = args.Anvandarnamn === 'anna' && args.Losenord === 'Hemligt-123!';
      return ok
        ? { Godkand: 'J', KontaktId: '00042', Kundnummer: '10017', Namn: 'Anna Björk', Foretagsnamn: 'Björk & Söner AB', Prislista: 'B2B', Behorigheter: { Behorighet: ['se-priser', 'lagga-order'] } }
        : { Godkand: 'N', Orsak: 'fel-uppgifter' };
    },
    KundPris(args) {
      const rows = (args.Rader as { Rad: Record<string, string>[] | Record<string, string> }).Rad;
      const list = Array.isArray(rows) ? rows : [rows];
      return {
        Rader: {
          Rad: list.map((r) => ({
            Artikelkod: r.Artikelkod,
            Antal: r.Antal ?? '1',
            Listpris: '15,00',
            RabattProcent: '10',
            Nettopris: '13,50',
            Valuta: 'SEK',
            InklMoms: 'N',
            MomsProcent: '25',
            Priskalla: 'avtal',
          })),
        },
      };
    },
    Bilder(args) {
      return {
        Artikelkod: args.Artikelkod,
        Bilder: {
          Bild: [
            { Filnamn: '00123.jpg', MimeTyp: 'image/jpeg', Data: Buffer.from('not really a jpeg').toString('base64'), Sortering: '1', Huvudbild: 'J', Md5: 'abc123' },
            { Filnamn: '00123-2.png', MimeTyp: 'image/png', Url: 'https://cdn.example.se/00123-2.png', Sortering: '2', Huvudbild: 'N' },
          ],
        },
      };
    },
  };
}

/** Start a server from the project's WSDL with the standard handlers (overridable). */
export function startEshopServer(extra: Partial<SoapServerOptions> = {}): Promise<TestSoapServer> {
  return startSoapServer({
    wsdlFile: PROJECT_WSDL,
    service: 'PyramidEshopService',
    ...extra,
    handlers: { ...eshopHandlers(), ...(extra.handlers ?? {}) },
  });
}
