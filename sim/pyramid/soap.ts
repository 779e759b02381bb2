/**
 * The SOAP endpoint on node:http: SOAP 1.1 document/literal, namespace http://www.unikum.se/pws,
 * `<Op>Request` in and `<Op>Response` out, soapAction = operation, read and written by the
 * simulator's own web-service map (ws-dialect.ts, ws-xml.ts) and never by the package's catalogue.
 * The WSDL (the project's wsdl/pyramid-eshop.wsdl) is served at `?wsdl` and `?WSQUERY` (as
 * Pyramid WTS serves it) with soap:address pointing at this server. A malformed request, an
 * unknown operation or an invalid value is answered with a SOAP 1.1 Fault.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATIONS, SoapFault, type ServiceContext } from './services';
import { envelope, faultXml, OPERATION_NAMES, parseEnvelope, readRequest, RequestError, writeResponse, WsValueError, type FaultCode } from './ws-xml';

export { PWS_NAMESPACE } from './ws-dialect';
export { envelope, faultXml } from './ws-xml';
export const SOAP_PATH = '/wts/eshop';
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** Where the project's WSDL is, from the source tree or from dist/. */
export function findProjectWsdl(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'wsdl', 'pyramid-eshop.wsdl'), path.resolve(__dirname, '..', '..', '..', 'wsdl', 'pyramid-eshop.wsdl')];
  const hit = candidates.find((c) => fs.existsSync(c));
  if (!hit) throw new Error(`the project's WSDL is missing (looked in ${candidates.join(', ')}): run \`npx tsc -p . && npm run wsdl\``);
  return hit;
}

/** The WSDL with every soap:address (SOAP 1.1 and 1.2 bindings) pointing at `location`. */
export function rewriteWsdlAddress(wsdl: string, location: string): string {
  const attr = location.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return wsdl.replace(/(<(?:[A-Za-z_][\w.-]*:)?address\b[^>]*?\blocation=)(["'])[^"']*\2/g, (_m, head: string, q: string) => `${head}${q}${attr}${q}`);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new BodyTooLarge(`request larger than ${MAX_REQUEST_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface SoapServiceOptions extends ServiceContext {
  /** The WSDL text as read at start (its address is rewritten per request host). */
  wsdl: string;
  /** The endpoint URL written into the served WSDL. */
  endpoint: () => string;
}

/** The request handler for the SOAP path. */
export function soapHandler(o: SoapServiceOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const send = (res: ServerResponse, status: number, xml: string, type = 'text/xml; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
  };
  const fault = (res: ServerResponse, code: FaultCode, message: string) => send(res, 500, faultXml(code, message));

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = [...url.searchParams.keys()].map((k) => k.toLowerCase());
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (query.includes('wsdl') || query.includes('wsquery')) {
        send(res, 200, rewriteWsdlAddress(o.wsdl, `${o.endpoint()}?WSQUERY`));
        return;
      }
      send(res, 200, `Pyramid WTS (simulated): POST SOAP 1.1 requests here; the WSDL is at ?wsdl or ?WSQUERY.\nOperations: ${Object.keys(OPERATIONS).join(', ')}\n`, 'text/plain; charset=utf-8');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST' });
      res.end();
      return;
    }
    void (async () => {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) fault(res, 'Client', e.message);
        return;
      }
      const contentType = String(req.headers['content-type'] ?? '');
      if (/application\/soap\+xml/i.test(contentType)) {
        fault(res, 'VersionMismatch', 'this service speaks SOAP 1.1 (text/xml); SOAP 1.2 is not supported');
        return;
      }
      let parsed: ReturnType<typeof parseEnvelope>;
      try {
        parsed = parseEnvelope(body);
      } catch (e) {
        fault(res, 'Client', e instanceof RequestError ? e.message : `malformed request: ${String(e)}`);
        return;
      }
      const { op: spec, element } = parsed;
      const op = spec && OPERATIONS[spec.name];
      if (!spec || !op) {
        fault(res, 'Client', `unknown operation: <${element}> (this service offers ${OPERATION_NAMES.join(', ')})`);
        return;
      }
      const opName = spec.name;
      const action = String(req.headers.soapaction ?? '')
        .trim()
        .replace(/^"|"$/g, '');
      if (action && action !== opName && !action.endsWith(`/${opName}`) && !action.endsWith(`#${opName}`)) {
        fault(res, 'Client', `SOAPAction "${action}" does not match the operation ${opName} in the Body`);
        return;
      }
      let request: Record<string, unknown>;
      try {
        const read = readRequest(spec, parsed.node);
        request = read.request;
        if (read.unknown.length) o.log('warn', `${spec.request.root}: elements the sheet does not know, ignored: ${read.unknown.join(', ')}`);
      } catch (e) {
        // never echo a value of a request with a password: the fault names the element only
        const masked = spec.request.fields.some((f) => f.secret);
        if (e instanceof WsValueError) fault(res, 'Client', `invalid ${element}: ${masked ? `${e.where} is missing or invalid` : e.message}`);
        else fault(res, 'Server', `${opName}: the request could not be read${masked ? '' : `: ${e instanceof Error ? e.message : String(e)}`}`);
        return;
      }
      try {
        const model = await op.run(o, request);
        send(res, 200, envelope(writeResponse(spec, model)));
      } catch (e) {
        if (e instanceof SoapFault) fault(res, e.code, e.message);
        else {
          o.log('error', `${opName}: ${e instanceof Error ? e.message : String(e)}`);
          fault(res, 'Server', `${opName} failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })();
  };
}
