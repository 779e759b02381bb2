/**
 * The project's WSDL and its documentation: generated from the catalogue, committed, and checked
 * here against a fresh generation (a stale file fails), against the WTS conventions, and against a
 * real soap server and client built from it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogue, type Field, type MessageDescriptor } from '../../lib/messages';
import { parseXml, type XmlElement } from '../../lib/xml';
import { callMessage, generateWsdl, webServicesMarkdown, WsEndpoint, PWS_NS } from '../../lib/ws';
import { PROJECT_WSDL, ROOT, startEshopServer } from './support';

const DOCS = path.join(ROOT, 'docs', 'web-services.md');
const WS_TYPES = catalogue.filter((d) => d.ws);

function all(el: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  if (el.name === name) out.push(el);
  for (const c of el.children) all(c, name, out);
  return out;
}

describe('the project WSDL', () => {
  it('wsdl/pyramid-eshop.wsdl is what the generator writes from the catalogue (run `npm run wsdl` when this fails)', () => {
    assert.equal(fs.readFileSync(PROJECT_WSDL, 'utf8'), generateWsdl(), 'wsdl/pyramid-eshop.wsdl is stale: run node scripts/gen-wsdl.js');
  });

  it('docs/web-services.md is what the generator writes from the catalogue', () => {
    assert.equal(fs.readFileSync(DOCS, 'utf8'), webServicesMarkdown(), 'docs/web-services.md is stale: run node scripts/gen-wsdl.js');
  });

  it('follows the WTS conventions: SOAP 1.1 document/literal, pws namespace, qualified, Op{Request,Response}, soapAction = Op', () => {
    const root = parseXml(fs.readFileSync(PROJECT_WSDL)).root;
    assert.equal(root.name, 'definitions');
    assert.equal(root.attrs.targetNamespace, PWS_NS);
    const schema = all(root, 'schema')[0];
    assert.equal(schema.attrs.elementFormDefault, 'qualified');
    assert.equal(schema.attrs.targetNamespace, PWS_NS);
    const topElements = new Set(schema.children.filter((c) => c.name === 'element').map((c) => c.attrs.name));
    const binding = all(root, 'binding').find((b) => b.attrs.type === 'tns:ServiceSoap');
    assert.ok(binding);
    assert.equal(all(binding, 'binding').find((b) => b !== binding)?.attrs.transport, 'http://schemas.xmlsoap.org/soap/http');
    const ops = binding.children.filter((c) => c.name === 'operation');
    assert.deepEqual(
      ops.map((o) => o.attrs.name),
      WS_TYPES.map((d) => d.ws!.operation),
    );
    assert.deepEqual(
      WS_TYPES.map((d) => d.ws!.operation).sort(),
      ['Bilder', 'Inloggning', 'KontaktRegistrering', 'KundPris', 'Orderhistorik'],
    );
    for (const o of ops) {
      const soapOp = o.children.find((c) => c.name === 'operation');
      assert.equal(soapOp?.attrs.soapAction, o.attrs.name);
      assert.equal(soapOp?.attrs.style, 'document');
      for (const b of all(o, 'body')) assert.equal(b.attrs.use, 'literal');
      assert.ok(topElements.has(`${o.attrs.name}Request`));
      assert.ok(topElements.has(`${o.attrs.name}Response`));
    }
    assert.ok(topElements.has('AuthHeader'));
    const authType = schema.children.find((c) => c.name === 'complexType' && c.attrs.name === 'AuthHeader');
    assert.deepEqual(
      all(authType!, 'element').map((e) => e.attrs.name),
      ['Id', 'Routine'],
    );
    // every leaf is an optional string; lists repeat their item
    for (const e of all(schema, 'element')) {
      if (e.attrs.type) assert.ok(e.attrs.type === 'xsd:string' || e.attrs.type === 'tns:AuthHeader', `${e.attrs.name}: ${e.attrs.type}`);
      if (e.attrs.minOccurs !== undefined) assert.equal(e.attrs.minOccurs, '0');
    }
    const kundPris = schema.children.find((c) => c.attrs.name === 'KundPrisRequest')!;
    const rad = all(kundPris, 'element').find((e) => e.attrs.name === 'Rad');
    assert.equal(rad?.attrs.maxOccurs, 'unbounded');
    assert.equal(all(root, 'attribute').length, 0, 'WS bodies use elements only');
  });

  it('every field of every WS message is in the WSDL under its XML name', () => {
    const text = fs.readFileSync(PROJECT_WSDL, 'utf8');
    const walk = (d: MessageDescriptor, fields: readonly Field[]) => {
      for (const f of fields) {
        if (f.kind === 'list') {
          if (f.xml) assert.ok(text.includes(`name="${f.xml}"`), `${d.type}: ${f.xml}`);
          assert.ok(text.includes(`name="${f.item}"`), `${d.type}: ${f.item}`);
          if (f.fields) walk(d, f.fields);
        } else if (f.kind === 'group') {
          assert.ok(text.includes(`name="${f.xml}"`));
          walk(d, f.fields);
        } else {
          assert.ok(text.includes(`name="${f.xml}" type="xsd:string"`), `${d.type}: ${f.xml}`);
        }
      }
    };
    for (const d of WS_TYPES) {
      walk(d, d.ws!.request.fields);
      walk(d, d.ws!.response.fields);
    }
  });

  it('refuses descriptors a WTS body cannot carry (attributes, wrongly named elements)', () => {
    const base = WS_TYPES[0];
    const withAttr: MessageDescriptor = {
      ...base,
      ws: { ...base.ws!, request: { ...base.ws!.request, fields: [{ kind: 'text', key: 'x', xml: '@x', doc: 'x' }] } },
    };
    assert.throws(() => generateWsdl({ descriptors: [withAttr] }), /"@x" is not a plain element name/);
    const misnamed: MessageDescriptor = { ...base, ws: { ...base.ws!, response: { ...base.ws!.response, root: 'Svar' } } };
    assert.throws(() => generateWsdl({ descriptors: [misnamed] }), /must be named .*Response/);
  });

  it('a group becomes a nested complexType', () => {
    const base = WS_TYPES[0];
    const grouped: MessageDescriptor = {
      ...base,
      ws: {
        ...base.ws!,
        request: {
          ...base.ws!.request,
          fields: [{ kind: 'group', key: 'addr', xml: 'Adress', doc: 'Address', fields: [{ kind: 'text', key: 'city', xml: 'Ort', doc: 'City' }] }],
        },
      },
    };
    const w = generateWsdl({ descriptors: [grouped], documentation: false });
    assert.match(w, /<xsd:element minOccurs="0" maxOccurs="1" name="Adress">\s*<xsd:complexType>\s*<xsd:sequence>\s*<xsd:element minOccurs="0" maxOccurs="1" name="Ort" type="xsd:string" \/>/);
  });

  it('the docs list each operation with request and response field tables', () => {
    const md = webServicesMarkdown();
    for (const d of WS_TYPES) {
      assert.ok(md.includes(`### ${d.ws!.operation} — ${d.name}`));
      assert.ok(md.includes(`**Request** \`<${d.ws!.request.root}`));
      assert.ok(md.includes(`**Response** \`<${d.ws!.response.root}`));
    }
    assert.match(md, /\| `Losenord` \| `password` \| text, kept as written \| yes \| .*\*\*Secret\*\*/);
    assert.match(md, /\| `Rader\/Rad\/Artikelkod` \| `rows\[\]\.articleCode` \|/);
  });

  it('a soap server and a soap client built from it exchange every message', async () => {
    const s = await startEshopServer();
    const ep = new WsEndpoint({ wsdl: s.wsdlUrl });
    try {
      const ops = await ep.operations();
      assert.deepEqual(
        ops.map((o) => o.name),
        WS_TYPES.map((d) => d.ws!.operation),
      );
      const r = await callMessage(ep, 'order-history', { customerNumber: '10017' });
      assert.equal((r.model.orders as unknown[]).length, 1);
    } finally {
      ep.close();
      await s.close();
    }
  });
});
