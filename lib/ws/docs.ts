/**
 * docs/web-services.md, generated from the catalogue like the WSDL, so the field tables a Pyramid
 * consultant implements from are the ones the nodes validate against.
 */
import { catalogue, visitFields, type Field, type FieldVisitor, type MessageDescriptor, type ValueField } from '../messages';
import { PWS_NS } from './auth';
import { WSDL_PORT, WSDL_SERVICE } from './wsdl';

const FORMAT: Record<ValueField['kind'], string> = {
  text: 'text, kept as written',
  code: 'code (text; leading zeros kept)',
  decimal: 'decimal; `.` or `,` accepted, `.` written',
  integer: 'whole number',
  boolean: '`J`/`N` written; `1`/`0`, `true`/`false` accepted',
  date: 'date `YYYY-MM-DD` (`YYYYMMDD` accepted)',
  datetime: 'timestamp, ISO 8601',
  enum: 'one of the listed values',
  action: '`ny`, `andrad` or `borttagen`',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

interface Row {
  xml: string;
  json: string;
  format: string;
  required: boolean;
  doc: string;
}

/** The table walk's callbacks: each field's row, then its children's; `c` is the XML path above it and the JSON path. */
const rowsOf: FieldVisitor<{ xml: string; json: string }, Row[]> = {
  value(f, c) {
    let format = FORMAT[f.kind];
    if (f.kind === 'enum' && f.values) format = `one of ${f.values.map((v) => `\`${v}\``).join(', ')}`;
    let doc = f.doc;
    if (f.secret) doc += ' **Secret**: never logged, echoed or stored.';
    return [{ xml: `${c.xml}${f.xml}`, json: jsonOf(c.json, f.key), format, required: !!f.required, doc }];
  },
  group(f, c, _at, children) {
    const xml = `${c.xml}${f.xml}`;
    const json = jsonOf(c.json, f.key);
    return [{ xml, json, format: 'group', required: !!f.required, doc: f.doc }, ...children({ xml: `${xml}/`, json }).flat()];
  },
  list(f, c, _at, children) {
    const xml = `${c.xml}${f.xml ? `${f.xml}/` : ''}${f.item}`;
    const json = `${jsonOf(c.json, f.key)}[]`;
    const format = children ? 'list of records' : `list of ${FORMAT[f.itemKind ?? 'text']}`;
    const row: Row = { xml: `${xml} (repeated)`, json, format, required: !!f.required, doc: f.doc };
    return children ? [row, ...children({ xml: `${xml}/`, json }).flat()] : [row];
  },
};

function jsonOf(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function table(fields: readonly Field[]): string {
  const r = visitFields(fields, rowsOf, { xml: '', json: '' }).flat();
  if (!r.length) return '_(no fields)_\n';
  const lines = ['| XML element | JSON key | Format | Required | Meaning |', '|---|---|---|---|---|'];
  for (const x of r) {
    lines.push(`| \`${cell(x.xml)}\` | \`${cell(x.json)}\` | ${cell(x.format)} | ${x.required ? 'yes' : ''} | ${cell(x.doc)} |`);
  }
  return lines.join('\n') + '\n';
}

function operationSection(d: MessageDescriptor): string {
  const ws = d.ws!;
  return [
    `### ${ws.operation} — ${d.name} (\`${d.type}\`)`,
    '',
    `${ws.doc} ${d.summary}`,
    '',
    `- soapAction: \`${ws.operation}\`; request element \`tns:${ws.request.root}\`, response element \`tns:${ws.response.root}\`.`,
    `- ${ws.readOnly ? 'Read-only: the node retries it after a transport failure (never after a SOAP fault).' : 'Changes data in Pyramid: the node never repeats it by itself.'}`,
    '',
    `**Request** \`<${ws.request.root} xmlns="${PWS_NS}">\``,
    '',
    table(ws.request.fields),
    `**Response** \`<${ws.response.root} xmlns="${PWS_NS}">\``,
    '',
    table(ws.response.fields),
  ].join('\n');
}

/** The whole of docs/web-services.md. */
export function webServicesMarkdown(descriptors: readonly MessageDescriptor[] = catalogue): string {
  const ws = descriptors.filter((d) => d.ws);
  const list = ws.map((d) => `| \`${d.ws!.operation}\` | ${d.name} | \`${d.type}\` | ${d.ws!.readOnly ? 'yes' : 'no'} |`).join('\n');
  return `<!-- Generated from the message catalogue by scripts/gen-wsdl.js (npm run wsdl). Do not edit by hand. -->
# Web services

The e-commerce web services this package calls on a Pyramid Business Studio WTS host, and what a
Pyramid consultant implements there. The contract is [\`wsdl/pyramid-eshop.wsdl\`](../wsdl/pyramid-eshop.wsdl),
generated from the same message catalogue the nodes validate with, so the tables below, the WSDL and
the nodes always agree. The simulator (\`npm start\`) serves the same WSDL.

| Operation | Message | Catalogue type | Read-only |
|---|---|---|---|
${list}

## Conventions (those of Pyramid's own WTS services)

- SOAP 1.1, document/literal, target namespace \`${PWS_NS}\`, \`elementFormDefault="qualified"\`:
  every element of a request or response is in that namespace.
- One operation per message; its request element is \`<Operation>Request\`, its response
  \`<Operation>Response\`; the HTTP \`SOAPAction\` header is the operation name.
- Service \`${WSDL_SERVICE}\`, port and binding \`${WSDL_PORT}\`. The endpoint address has WTS's usual form
  \`http(s)://<host>/<service-path>/<n>?WSQUERY\`, and the WSDL is served from the same URL. The
  \`soap:address\` in the generated file is a placeholder: the node always calls the endpoint configured
  in \`pyramid-ws-endpoint\` (by default the WSDL URL), never an address read from a WSDL.
- Every value is \`xsd:string\` with \`minOccurs="0"\`, as WTS declares them. What is required and how a
  value is written is the catalogue's rule, listed in the tables: decimals may use \`,\` or \`.\`
  (the node writes \`.\`), booleans \`J\`/\`N\` (\`1\`/\`0\` and \`true\`/\`false\` are accepted), dates
  \`YYYY-MM-DD\`. Codes keep their leading zeros. Elements a response adds beyond the tables are kept
  by the node under \`extra\`.
- Lists have a wrapper element and a repeated item element (\`<Rader><Rad>...</Rad><Rad>...</Rad></Rader>\`).
- Errors: answer with a SOAP 1.1 fault (\`faultcode\` \`soap:Client\` for a bad request, \`soap:Server\`
  otherwise) and a \`faultstring\` a shop user can read. The node passes code and text to the flow
  (\`msg.error.code\` = \`WS_FAULT\`, and \`msg.wsError.faultCode\` / \`faultString\`); a business
  answer such as "login refused" is a normal response (\`Godkand\` = \`N\`, \`Orsak\`), not a fault.

## Authentication

The WSDL declares WTS's \`AuthHeader\` type (\`Id\`, \`Routine\`) in the schema, as Pyramid's own WSDLs do,
without binding it as a required header: a caller may send it, none has to. The endpoint configuration
offers:

- **none**;
- **HTTP basic** (also used to fetch the WSDL);
- **AuthHeader**: \`<AuthHeader xmlns="${PWS_NS}"><Id>…</Id><Routine>…</Routine></AuthHeader>\` in the SOAP
  header of every call; the \`Id\` is kept as a Node-RED credential and masked in debug output;
- **WS-Security UsernameToken**, password as text or digest, with or without a timestamp.

Use HTTPS outside a trusted network: the login operation carries a password. Certificate verification
is on by default; a private CA can be trusted explicitly in the endpoint configuration.

## Operations

${ws.map(operationSection).join('\n')}`;
}
