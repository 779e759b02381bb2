/**
 * The SOAP endpoint, on node:http with the project's own XML reader and message builder: SOAP 1.1
 * document/literal, namespace http://www.unikum.se/pws, `<Op>Request` in and `<Op>Response` out,
 * soapAction = operation. The WSDL (the project's wsdl/pyramid-eshop.wsdl) is served at `?wsdl`
 * and `?WSQUERY` (as Pyramid WTS serves it) with soap:address pointing at this server.
 * A malformed request or an unknown operation is answered with a SOAP 1.1 Fault.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildMessageText, getDescriptor, MessageError, parseElement } from '../../lib/messages';
import { escapeText, parseXml, XmlError, type XmlElement } from '../../lib/xml';
import { OPERATIONS, SoapFault, type ServiceContext } from './services';

export const PWS_NAMESPACE = 'http://www.unikum.se/pws';
export const SOAP_PATH = '/wts/eshop';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
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

export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="${SOAP_ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>${body}</soap:Body></soap:Envelope>\n`;
}

export function faultXml(code: 'Client' | 'Server' | 'VersionMismatch', message: string): string {
  return envelope(`<soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${escapeText(message)}</faultstring></soap:Fault>`);
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

function firstElement(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
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
  const fault = (res: ServerResponse, code: 'Client' | 'Server' | 'VersionMismatch', message: string) => send(res, 500, faultXml(code, message));

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
      let root: XmlElement;
      try {
        root = parseXml(body, 'auto').root;
      } catch (e) {
        fault(res, 'Client', `malformed request: ${e instanceof XmlError ? e.message : String(e)}`);
        return;
      }
      if (root.name !== 'Envelope') {
        fault(res, 'Client', `malformed request: expected a SOAP Envelope, found <${root.name}>`);
        return;
      }
      const bodyEl = firstElement(root, 'Body');
      const call = bodyEl?.children[0];
      if (!call) {
        fault(res, 'Client', 'malformed request: the SOAP Body is empty');
        return;
      }
      const opName = call.name.endsWith('Request') ? call.name.slice(0, -'Request'.length) : call.name;
      const op = OPERATIONS[opName];
      if (!op || getDescriptor(op.type).ws?.request.root !== call.name) {
        fault(res, 'Client', `unknown operation: <${call.name}> (this service offers ${Object.keys(OPERATIONS).join(', ')})`);
        return;
      }
      const action = String(req.headers.soapaction ?? '')
        .trim()
        .replace(/^"|"$/g, '');
      if (action && action !== opName && !action.endsWith(`/${opName}`) && !action.endsWith(`#${opName}`)) {
        fault(res, 'Client', `SOAPAction "${action}" does not match the operation ${opName} in the Body`);
        return;
      }
      let request: Record<string, unknown>;
      try {
        request = parseElement<Record<string, unknown>>(op.type, call, { part: 'request' });
      } catch (e) {
        // never echo values of an Inloggning request: the message names fields only when masked
        const text = e instanceof MessageError ? (op.type === 'login' ? e.issues.map((i) => `${i.where} is missing or invalid`).join('; ') : e.message) : String(e);
        fault(res, 'Client', `invalid ${call.name}: ${text}`);
        return;
      }
      try {
        const model = await op.run(o, request);
        const xml = buildMessageText(op.type, model, { part: 'response', declaration: false, namespace: PWS_NAMESPACE, pretty: false });
        send(res, 200, envelope(xml));
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
