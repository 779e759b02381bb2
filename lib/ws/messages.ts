/**
 * The five catalogue web-service messages over an endpoint: the JSON model is validated and built
 * into the request element by the catalogue, sent as the SOAP body as is, and the response element
 * is read from the raw envelope by our safe reader and validated back into the JSON model. soap's
 * own (schema-less, loosely typed) object form of the response is not used for these.
 */
import { buildMessageText, catalogue, findByOperation, MessageError, parseElement } from '../messages';
import { maskText, requestSecrets } from '../messages/secrets';
import { parseXml, type XmlElement } from '../xml';
import { PWS_NS } from './auth';
import type { CallOptions, Exchange, WsEndpoint } from './endpoint';
import { faultFromElement, WsError } from './errors';

/** The catalogue types that travel over a web service, with their operation names. */
export function wsMessageTypes(): { type: string; operation: string; readOnly: boolean }[] {
  return catalogue.filter((d) => d.ws).map((d) => ({ type: d.type, operation: d.ws!.operation, readOnly: d.ws!.readOnly }));
}

/** The catalogue type served by an operation, if it is one of ours. */
export function catalogueTypeFor(operation: string): string | undefined {
  return findByOperation(operation)?.type;
}

/** The catalogue's secret fields (a login password): found and masked by lib/messages. */
export { requestSecrets, redactModel } from '../messages/secrets';

function maskIssues(issues: unknown[], secrets: readonly string[]): unknown[] {
  if (!secrets.length) return issues;
  return JSON.parse(maskText(JSON.stringify(issues), secrets)) as unknown[];
}

/** The first element child of the SOAP Body of a response envelope. */
export function bodyChild(rawEnvelope: string, operation: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(rawEnvelope).root;
  } catch (e) {
    throw new WsError('WS_RESPONSE', `${operation}: the response is not well-formed XML: ${(e as Error).message}`, { operation });
  }
  if (root.name !== 'Envelope') throw new WsError('WS_RESPONSE', `${operation}: the response is not a SOAP envelope (root <${root.name}>)`, { operation });
  const body = root.children.find((c) => c.name === 'Body');
  const first = body?.children[0];
  if (!first) throw new WsError('WS_RESPONSE', `${operation}: the SOAP response has an empty Body`, { operation });
  return first;
}

export interface MessageCallResult<T = Record<string, unknown>> extends Exchange {
  type: string;
  operation: string;
  /** The response, validated into the catalogue's JSON model. */
  model: T;
  attempts: number;
}

/**
 * Call a catalogue operation with a JSON model; answers with the response model. Request problems
 * are WS_REQUEST, response problems WS_RESPONSE, both with the catalogue's issues and the secrets
 * of the request masked.
 */
export async function callMessage<T = Record<string, unknown>>(
  endpoint: WsEndpoint,
  type: string,
  model: unknown,
  opts: Omit<CallOptions, 'secrets' | 'secretElements' | 'readOnly'> & { secrets?: readonly string[]; operation?: string } = {},
): Promise<MessageCallResult<T>> {
  const d = catalogue.find((x) => x.type === type);
  if (!d?.ws) throw new WsError('WS_CONFIG', `"${type}" is not a web-service message (those are: ${wsMessageTypes().map((t) => t.type).join(', ')})`);
  const operation = opts.operation ?? d.ws.operation;
  const own = requestSecrets(d, model);
  const secrets = [...own.values, ...(opts.secrets ?? []), ...endpoint.configSecrets];
  let xml: string;
  try {
    xml = buildMessageText(type, model, { part: 'request', declaration: false, pretty: false, namespace: PWS_NS });
  } catch (e) {
    if (e instanceof MessageError) {
      throw new WsError('WS_REQUEST', maskText(`${operation}: the request is not valid: ${e.message}`, secrets), {
        operation,
        issues: maskIssues(e.issues, secrets),
      });
    }
    throw new WsError('WS_REQUEST', maskText(`${operation}: ${(e as Error).message}`, secrets), { operation });
  }
  const r = await endpoint.call(
    operation,
    { _xml: xml },
    {
      debug: opts.debug,
      timeoutMs: opts.timeoutMs,
      secrets: own.values.concat(opts.secrets ?? []),
      secretElements: own.elements,
      readOnly: d.ws.readOnly,
      rawResponseOnly: true,
    },
  );
  const el = bodyChild(r.rawResponse, operation);
  if (el.name === 'Fault') {
    // a fault sent with HTTP 2xx (soap only sees non-2xx answers on this path)
    const err = faultFromElement(el, operation, secrets, r.httpStatus);
    if (opts.debug) (err as WsError & { exchange?: Exchange }).exchange = { request: r.request, response: r.response };
    throw err;
  }
  let out: T;
  try {
    out = parseElement<T>(type, el, { part: 'response' });
  } catch (e) {
    const issues = e instanceof MessageError ? maskIssues(e.issues, secrets) : undefined;
    const err = new WsError('WS_RESPONSE', maskText(`${operation}: the response is not valid: ${(e as Error).message}`, secrets), { operation, issues });
    if (opts.debug) (err as WsError & { exchange?: Exchange }).exchange = { request: r.request, response: r.response };
    throw err;
  }
  const res: MessageCallResult<T> = { type, operation, model: out, attempts: r.attempts };
  if (opts.debug) {
    res.request = r.request;
    res.response = r.response;
  }
  return res;
}
