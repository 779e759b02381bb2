/**
 * The project's own WSDL, generated from the catalogue's `ws` descriptors so the service contract
 * and the nodes can never disagree. It follows the conventions of a real Pyramid WTS WSDL (see
 * shared/reference): SOAP 1.1 document/literal, target namespace http://www.unikum.se/pws,
 * elementFormDefault="qualified", one `<Op>Request` and one `<Op>Response` element per operation,
 * soapAction = the operation name, every value `xsd:string` with minOccurs="0" (the catalogue,
 * not the schema, decides what is required and how numbers and dates are written), and the
 * `AuthHeader` type declared but not bound, as WTS does: a caller may send it, none has to.
 */
import { catalogue, visitFields, type BodyDef, type FieldVisitor, type MessageDescriptor, type ValueField } from '../messages';
import { escapeAttr, escapeText } from '../xml';
import { PWS_NS } from './auth';

export const WSDL_SERVICE = 'PyramidEshopService';
export const WSDL_PORT = 'ServiceSoap';
/** Placeholder address: a client is always configured with the real endpoint. */
export const WSDL_DEFAULT_LOCATION = 'http://localhost/wts/eshop?WSQUERY';

export interface WsdlOptions {
  /** soap:address location (default: a placeholder; clients override it). */
  location?: string;
  /** Which descriptors (default: every catalogue type with a `ws` part). */
  descriptors?: readonly MessageDescriptor[];
  /** Write xsd:documentation for every field (default true). */
  documentation?: boolean;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

class Out {
  private readonly lines: string[] = [];
  line(depth: number, s: string): void {
    this.lines.push('  '.repeat(depth) + s);
  }
  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

function checkName(name: string, where: string): string {
  if (!NAME_RE.test(name)) {
    throw new Error(`${where}: "${name}" is not a plain element name (a WS body uses elements only, no attributes or paths)`);
  }
  return name;
}

function doc(out: Out, depth: number, text: string | undefined, on: boolean): void {
  if (!on || !text) return;
  out.line(depth, '<xsd:annotation>');
  out.line(depth + 1, `<xsd:documentation>${escapeText(text)}</xsd:documentation>`);
  out.line(depth, '</xsd:annotation>');
}

function valueElement(out: Out, depth: number, name: string, maxOccurs: string, docText: string | undefined, withDoc: boolean): void {
  const open = `<xsd:element minOccurs="0" maxOccurs="${maxOccurs}" name="${escapeAttr(name)}" type="xsd:string"`;
  if (withDoc && docText) {
    out.line(depth, `${open}>`);
    doc(out, depth + 1, docText, true);
    out.line(depth, '</xsd:element>');
  } else {
    out.line(depth, `${open} />`);
  }
}

/** `<xsd:complexType><xsd:sequence>...</xsd:sequence></xsd:complexType>`; `emit(depth)` writes the sequence's elements. */
function complexType(out: Out, depth: number, empty: boolean, emit: (depth: number) => void): void {
  if (empty) {
    out.line(depth, '<xsd:complexType />');
    return;
  }
  out.line(depth, '<xsd:complexType>');
  out.line(depth + 1, '<xsd:sequence>');
  emit(depth + 2);
  out.line(depth + 1, '</xsd:sequence>');
  out.line(depth, '</xsd:complexType>');
}

/** Where the schema walk writes: the output, its indentation, the field path for errors, and whether to document. */
interface SchemaAt {
  out: Out;
  depth: number;
  where: string;
  withDoc: boolean;
}

/** The schema walk's callbacks: each field as an xsd:element, its children inside it. */
const schemaElement: FieldVisitor<SchemaAt, void> = {
  value(f, c) {
    valueElement(c.out, c.depth, checkName(f.xml, `${c.where}.${f.key}`), '1', fieldDoc(f), c.withDoc);
  },
  group(f, c, _at, children) {
    const { out, depth, withDoc } = c;
    const here = `${c.where}.${f.key}`;
    const name = checkName(f.xml, here);
    out.line(depth, `<xsd:element minOccurs="0" maxOccurs="1" name="${escapeAttr(name)}">`);
    doc(out, depth + 1, f.doc, withDoc);
    complexType(out, depth + 1, !f.fields.length, (d) => children({ out, depth: d, where: here, withDoc }));
    out.line(depth, '</xsd:element>');
  },
  list(f, c, _at, children) {
    const { out, depth, withDoc } = c;
    const here = `${c.where}.${f.key}`;
    const item = checkName(f.item, here);
    const itemElement = (d: number) => {
      if (children) {
        out.line(d, `<xsd:element minOccurs="0" maxOccurs="unbounded" name="${escapeAttr(item)}">`);
        complexType(out, d + 1, !f.fields?.length, (dd) => children({ out, depth: dd, where: here, withDoc }));
        out.line(d, '</xsd:element>');
      } else {
        valueElement(out, d, item, 'unbounded', undefined, false);
      }
    };
    if (f.xml === '') {
      itemElement(depth);
      return;
    }
    const wrapper = checkName(f.xml, here);
    out.line(depth, `<xsd:element minOccurs="0" maxOccurs="1" name="${escapeAttr(wrapper)}">`);
    doc(out, depth + 1, f.doc, withDoc);
    out.line(depth + 1, '<xsd:complexType>');
    out.line(depth + 2, '<xsd:sequence>');
    itemElement(depth + 3);
    out.line(depth + 2, '</xsd:sequence>');
    out.line(depth + 1, '</xsd:complexType>');
    out.line(depth, '</xsd:element>');
  },
};

function fieldDoc(f: ValueField): string {
  const extra: string[] = [];
  if (f.required) extra.push('required');
  if (f.kind === 'enum' && f.values) extra.push(`one of: ${f.values.join(', ')}`);
  if (f.secret) extra.push('secret: never logged or echoed');
  return extra.length ? `${f.doc} (${extra.join('; ')})` : f.doc;
}

function bodyElement(out: Out, body: BodyDef, operation: string, suffix: 'Request' | 'Response', withDoc: boolean): void {
  if (body.root !== `${operation}${suffix}`) {
    throw new Error(`${operation}: the ${suffix.toLowerCase()} element must be named ${operation}${suffix} (WTS convention), not ${body.root}`);
  }
  out.line(3, `<xsd:element name="${escapeAttr(checkName(body.root, operation))}">`);
  complexType(out, 4, !body.fields.length, (depth) => visitFields(body.fields, schemaElement, { out, depth, where: body.root, withDoc }));
  out.line(3, '</xsd:element>');
}

/** The WSDL text for the catalogue's web-service messages. */
export function generateWsdl(opts: WsdlOptions = {}): string {
  const descriptors = (opts.descriptors ?? catalogue).filter((d) => d.ws);
  const withDoc = opts.documentation !== false;
  const location = opts.location ?? WSDL_DEFAULT_LOCATION;
  const seen = new Set<string>();
  for (const d of descriptors) {
    const op = checkName(d.ws!.operation, d.type);
    if (seen.has(op)) throw new Error(`operation ${op} is defined twice`);
    seen.add(op);
  }
  const out = new Out();
  out.line(0, '<?xml version="1.0" encoding="utf-8"?>');
  out.line(
    0,
    '<wsdl:definitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="' +
      PWS_NS +
      '" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="' +
      PWS_NS +
      '">',
  );
  out.line(
    1,
    '<wsdl:documentation>Pyramid Business Studio e-commerce web services (@pyramid-connect/node-red-pyramid). ' +
      'Generated from the message catalogue by scripts/gen-wsdl.js: do not edit by hand.</wsdl:documentation>',
  );
  out.line(1, '<wsdl:types>');
  out.line(2, `<xsd:schema elementFormDefault="qualified" targetNamespace="${PWS_NS}">`);
  for (const d of descriptors) bodyElement(out, d.ws!.request, d.ws!.operation, 'Request', withDoc);
  for (const d of descriptors) bodyElement(out, d.ws!.response, d.ws!.operation, 'Response', withDoc);
  out.line(3, '<xsd:element name="AuthHeader" type="tns:AuthHeader" />');
  out.line(3, '<xsd:complexType name="AuthHeader">');
  out.line(4, '<xsd:sequence>');
  out.line(5, '<xsd:element minOccurs="0" maxOccurs="1" name="Id" type="xsd:string" />');
  out.line(5, '<xsd:element minOccurs="0" maxOccurs="1" name="Routine" type="xsd:string" />');
  out.line(4, '</xsd:sequence>');
  out.line(4, '<xsd:anyAttribute />');
  out.line(3, '</xsd:complexType>');
  out.line(2, '</xsd:schema>');
  out.line(1, '</wsdl:types>');
  for (const d of descriptors) {
    for (const suffix of ['Request', 'Response']) {
      const name = `${d.ws!.operation}${suffix}`;
      out.line(1, `<wsdl:message name="${name}">`);
      out.line(2, `<wsdl:part name="parameters" element="tns:${name}" />`);
      out.line(1, '</wsdl:message>');
    }
  }
  out.line(1, `<wsdl:portType name="${WSDL_PORT}">`);
  for (const d of descriptors) {
    const op = d.ws!.operation;
    out.line(2, `<wsdl:operation name="${op}">`);
    out.line(3, `<wsdl:documentation>${escapeText(`${d.name}: ${d.ws!.doc}`)}</wsdl:documentation>`);
    out.line(3, `<wsdl:input message="tns:${op}Request" />`);
    out.line(3, `<wsdl:output message="tns:${op}Response" />`);
    out.line(2, '</wsdl:operation>');
  }
  out.line(1, '</wsdl:portType>');
  out.line(1, `<wsdl:binding name="${WSDL_PORT}" type="tns:${WSDL_PORT}">`);
  out.line(2, '<soap:binding transport="http://schemas.xmlsoap.org/soap/http" />');
  for (const d of descriptors) {
    const op = d.ws!.operation;
    out.line(2, `<wsdl:operation name="${op}">`);
    out.line(3, `<soap:operation soapAction="${op}" style="document" />`);
    out.line(3, '<wsdl:input>');
    out.line(4, '<soap:body use="literal" />');
    out.line(3, '</wsdl:input>');
    out.line(3, '<wsdl:output>');
    out.line(4, '<soap:body use="literal" />');
    out.line(3, '</wsdl:output>');
    out.line(2, '</wsdl:operation>');
  }
  out.line(1, '</wsdl:binding>');
  out.line(1, `<wsdl:service name="${WSDL_SERVICE}">`);
  out.line(2, `<wsdl:port name="${WSDL_PORT}" binding="tns:${WSDL_PORT}">`);
  out.line(3, `<soap:address location="${escapeAttr(location)}" />`);
  out.line(2, '</wsdl:port>');
  out.line(1, '</wsdl:service>');
  out.line(0, '</wsdl:definitions>');
  return out.toString();
}
