/**
 * The simulated Pyramid's own reading of the web-service messages (sim/pyramid/ws-dialect.ts +
 * ws-xml.ts, fast-xml-parser) against the package's catalogue (lib/messages) and the project's WSDL:
 * separate readings of the domain sheet, so a request the product builds must read the same in the
 * simulator, a response the simulator writes must read the same in the product, and the simulator's
 * element names must be the WSDL's. No mocks: the catalogue's own fixtures and real envelopes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import * as iconv from 'iconv-lite';
import { buildMessageText, parseMessage } from '../../lib/messages';
import { WS_OPERATIONS, type WsOperation } from '../../sim/pyramid/ws-dialect';
import { faultXml, parseEnvelope, readRequest, RequestError, writeResponse, WsValueError } from '../../sim/pyramid/ws-xml';
import type { Field } from '../../sim/pyramid/dialect';

type Model = Record<string, unknown>;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'messages');
const SIM_SOURCES = path.join(ROOT, 'sim', 'pyramid');
const OPS = Object.values(WS_OPERATIONS);
const NS = 'http://www.unikum.se/pws';

const soap = (body: string, header = '') =>
  Buffer.from(`<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">${header}<soap:Body>${body}</soap:Body></soap:Envelope>`);
/** A document's root element without its XML declaration: what goes into a SOAP Body. */
const bodyOf = (xml: string) => xml.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
const fixture = (type: string, part: 'request' | 'response') => fs.readFileSync(path.join(FIXTURES, `${type}.${part}.xml`), 'utf8');
const simRead = (op: WsOperation, xml: string) => {
  const parsed = parseEnvelope(soap(bodyOf(xml)));
  assert.equal(parsed.op, op);
  return readRequest(op, parsed.node);
};

/** The WSDL's element tree of one message: name -> children (in order), `[]` for a leaf; `*` marks maxOccurs unbounded. */
type Tree = [string, Tree][];
function wsdlTree(el: Model): Tree {
  const seq = (((el.complexType as Model | undefined)?.sequence as Model | undefined)?.element ?? []) as Model | Model[];
  return (Array.isArray(seq) ? seq : [seq]).map((c): [string, Tree] => [`${String(c['@_name'])}${c['@_maxOccurs'] === 'unbounded' ? '*' : ''}`, wsdlTree(c)]);
}
function mapTree(fields: Field[]): Tree {
  return fields.map((f): [string, Tree] => (f.item ? [f.xml, [[`${f.item}*`, f.fields ? mapTree(f.fields) : []]]] : [f.xml, []]));
}

describe('the simulator answers the web services by its own map, and agrees with the catalogue and the WSDL', () => {
  it('covers the five web-service operations of the sheet', () => {
    assert.deepEqual(Object.keys(WS_OPERATIONS).sort(), ['Bilder', 'Inloggning', 'KontaktRegistrering', 'KundPris', 'Orderhistorik']);
  });

  it('uses the element names and nesting of the project WSDL, operation by operation', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, isArray: (name) => name === 'element' });
    const doc = parser.parse(fs.readFileSync(path.join(ROOT, 'wsdl', 'pyramid-eshop.wsdl'), 'utf8')) as Model;
    const schema = ((doc.definitions as Model).types as Model).schema as Model;
    const elements = new Map((schema.element as Model[]).map((e) => [String(e['@_name']), e]));
    for (const op of OPS) {
      for (const msg of [op.request, op.response]) {
        const el = elements.get(msg.root);
        assert.ok(el, `the WSDL declares <${msg.root}>`);
        assert.deepEqual(mapTree(msg.fields), wsdlTree(el), `<${msg.root}>: the simulator's elements are the WSDL's`);
      }
    }
  });

  for (const op of OPS) {
    it(`${op.name}: the catalogue's request reads the same in the simulator; the simulator's response reads the same in the catalogue`, () => {
      const request = parseMessage<Model>(op.type, fixture(op.type, 'request'), { part: 'request' });
      const fromFixture = simRead(op, fixture(op.type, 'request'));
      assert.deepEqual(fromFixture.request, request, 'the request fixture, read by both');
      assert.deepEqual(fromFixture.unknown, []);
      const built = buildMessageText(op.type, request, { part: 'request', declaration: false, namespace: NS, pretty: false });
      assert.deepEqual(simRead(op, built).request, request, 'catalogue writes, simulator reads');

      const response = parseMessage<Model>(op.type, fixture(op.type, 'response'), { part: 'response' });
      const written = writeResponse(op, response);
      assert.ok(written.startsWith(`<${op.response.root} xmlns="${NS}">`), written.slice(0, 80));
      assert.deepEqual(parseMessage<Model>(op.type, written, { part: 'response' }), response, 'simulator writes, catalogue reads');
    });
  }

  it('reads a request as SOAP clients send it: prefixed elements, a header, xsi:nil, the sheet’s value forms', () => {
    const op = WS_OPERATIONS.Orderhistorik;
    const parsed = parseEnvelope(
      soap(
        '<tns:OrderhistorikRequest xmlns:tns="http://www.unikum.se/pws" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          '<tns:Kundnummer> 010001 </tns:Kundnummer><tns:KontaktId xsi:nil="true"/><tns:FranDatum>20260101</tns:FranDatum>' +
          '<tns:Status>Levererad</tns:Status><tns:Sida>2</tns:Sida><tns:Sidor>9</tns:Sidor></tns:OrderhistorikRequest>',
        '<soap:Header><tns:AuthHeader xmlns:tns="http://www.unikum.se/pws"><tns:Id>web</tns:Id><tns:Routine>X</tns:Routine></tns:AuthHeader></soap:Header>',
      ),
    );
    assert.equal(parsed.op, op);
    const r = readRequest(op, parsed.node);
    assert.deepEqual(r.request, { customerNumber: '010001', fromDate: '2026-01-01', status: 'levererad', page: 2 });
    assert.deepEqual(r.unknown, ['OrderhistorikRequest/Sidor'], 'an element the sheet does not know is named');
    const kp = parseEnvelope(soap(`<KundPrisRequest xmlns="${NS}"><Kundnummer>1</Kundnummer><Rader><Rad><Artikelkod>00123</Artikelkod><Antal>1 200,5</Antal></Rad><Rad><Artikelkod>7</Artikelkod></Rad></Rader></KundPrisRequest>`));
    assert.deepEqual(readRequest(WS_OPERATIONS.KundPris, kp.node).request, { customerNumber: '1', rows: [{ articleCode: '00123', quantity: '1200.5' }, { articleCode: '7' }] });
    // a legacy client: Windows-1252 without a declaration, or ISO-8859-1 declared
    const body = `<KontaktRegistreringRequest><Kundnummer>1</Kundnummer><Fornamn>Åsa</Fornamn><Efternamn>Öst €</Efternamn><Epost>e</Epost></KontaktRegistreringRequest>`;
    const env = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
    for (const bytes of [iconv.encode(env, 'windows-1252'), iconv.encode(`<?xml version="1.0" encoding="ISO-8859-1"?>${env.replace(' €', '')}`, 'latin1')]) {
      const r2 = readRequest(WS_OPERATIONS.KontaktRegistrering, parseEnvelope(bytes).node).request;
      assert.equal(r2.firstName, 'Åsa');
      assert.match(String(r2.lastName), /^Öst( €)?$/);
    }
  });

  it('refuses what is not a SOAP 1.1 request, and names the element of a bad value', () => {
    const refuse = (bytes: Buffer, re: RegExp) => assert.throws(() => parseEnvelope(bytes), (e: unknown) => e instanceof RequestError && re.test(e.message));
    refuse(Buffer.from('<soap:Envelope xmlns:soap="x"><soap:Body>'), /^malformed request: not well-formed XML/);
    refuse(Buffer.from('<BilderRequest/>'), /expected a SOAP Envelope, found <BilderRequest>/);
    refuse(soap(''), /the SOAP Body is empty/);
    refuse(Buffer.from('<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x "y">]><soap:Envelope xmlns:soap="x"><soap:Body><BilderRequest/></soap:Body></soap:Envelope>'), /DOCTYPE/);
    assert.equal(parseEnvelope(soap('<ArtGetStockRequest/>')).op, undefined, 'an operation the service does not offer');

    const bad = (op: WsOperation, body: string, re: RegExp) => assert.throws(() => readRequest(op, parseEnvelope(soap(body)).node), (e: unknown) => e instanceof WsValueError && re.test(e.message));
    bad(WS_OPERATIONS.Bilder, '<BilderRequest/>', /^BilderRequest\/Artikelkod is required$/);
    bad(WS_OPERATIONS.Bilder, '<BilderRequest><Artikelkod>1</Artikelkod><AndradEfter>igår</AndradEfter></BilderRequest>', /AndradEfter "igår" is not an ISO 8601 timestamp/);
    bad(WS_OPERATIONS.Orderhistorik, '<OrderhistorikRequest><Kundnummer>1</Kundnummer><Sida>0</Sida></OrderhistorikRequest>', /Sida is 0, less than 1/);
    bad(WS_OPERATIONS.Orderhistorik, '<OrderhistorikRequest><Kundnummer>1</Kundnummer><Status>ny</Status></OrderhistorikRequest>', /Status "ny" is not one of mottagen\|/);
    bad(WS_OPERATIONS.Orderhistorik, '<OrderhistorikRequest><Kundnummer>1</Kundnummer><TillDatum>2026-02-30</TillDatum></OrderhistorikRequest>', /TillDatum "2026-02-30" is not a date/);
    bad(WS_OPERATIONS.KundPris, '<KundPrisRequest><Kundnummer>1</Kundnummer></KundPrisRequest>', /KundPrisRequest\/Rader is required/);
    bad(WS_OPERATIONS.KundPris, '<KundPrisRequest><Kundnummer>1</Kundnummer><Rader><Rad><Antal>tre</Antal><Artikelkod>1</Artikelkod></Rad></Rader></KundPrisRequest>', /Rader\/Rad\[1\]\/Antal "tre" is not a decimal/);
    bad(WS_OPERATIONS.KontaktRegistrering, '<KontaktRegistreringRequest><Kundnummer>1</Kundnummer><Fornamn></Fornamn><Efternamn>B</Efternamn><Epost>e</Epost></KontaktRegistreringRequest>', /Fornamn is required/);
  });

  it('never quotes a password: an error on Losenord names the element only', () => {
    const secret = 'Höst€2026!hemligt';
    const e = new WsValueError('InloggningRequest/Losenord', `"${secret}" is not valid`, true);
    assert.equal(e.message, 'InloggningRequest/Losenord is missing or invalid');
    assert.throws(
      () => readRequest(WS_OPERATIONS.Inloggning, parseEnvelope(soap('<InloggningRequest><Anvandarnamn>a</Anvandarnamn><Losenord></Losenord></InloggningRequest>')).node),
      /^WsValueError: InloggningRequest\/Losenord is missing or invalid$/,
    );
    const r = readRequest(WS_OPERATIONS.Inloggning, parseEnvelope(soap(`<InloggningRequest><Anvandarnamn>a</Anvandarnamn><Losenord> ${secret} &amp; </Losenord></InloggningRequest>`)).node);
    assert.equal(r.request.password, ` ${secret} & `, 'a password is kept exactly, spaces included');
  });

  it('writes a response by the map, and refuses a model that breaks it', () => {
    const op = WS_OPERATIONS.Inloggning;
    assert.equal(
      writeResponse(op, { approved: true, contactId: '7', name: 'Åsa & <Co>', permissions: ['se-priser'] }),
      `<InloggningResponse xmlns="${NS}"><Godkand>J</Godkand><KontaktId>7</KontaktId><Namn>Åsa &amp; &lt;Co&gt;</Namn><Behorigheter><Behorighet>se-priser</Behorighet></Behorigheter></InloggningResponse>`,
    );
    assert.equal(writeResponse(WS_OPERATIONS.KundPris, { rows: [] }), `<KundPrisResponse xmlns="${NS}"><Rader></Rader></KundPrisResponse>`, 'an empty list is an empty container');
    assert.throws(() => writeResponse(op, { contactId: '7' }), /InloggningResponse\/Godkand is required/);
    assert.throws(() => writeResponse(op, { approved: false, reason: 'glomt' }), /Orsak "glomt" is not one of/);
    assert.throws(() => writeResponse(op, { approved: true, colour: 'red' }), /InloggningResponse has a field the sheet does not know: colour/);
    assert.throws(() => writeResponse(WS_OPERATIONS.Orderhistorik, { orders: [{ orderNumber: '1', total: '12,5x' }] }), /Ordrar\/Order\[1\]\/Summa "12,5x" is not a decimal/);
    assert.match(faultXml('Client', 'unknown operation: <X> & "y"'), /<soap:Fault><faultcode>soap:Client<\/faultcode><faultstring>unknown operation: &lt;X&gt; &amp; "y"<\/faultstring><\/soap:Fault>/);
  });

  it('the simulator’s Pyramid side imports nothing from the package (lib/)', () => {
    for (const f of fs.readdirSync(SIM_SOURCES).filter((n) => n.endsWith('.ts'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(SIM_SOURCES, f), 'utf8'), /from '(\.\.\/)+lib\//, `sim/pyramid/${f} imports from lib/`);
    }
  });
});
