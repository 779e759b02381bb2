/**
 * The shape of the message catalogue. Each message type is data: a tree of field definitions
 * from which the engine derives the zod schema, the XML reading and writing, the docs, the
 * editor help and the WSDL. Nothing about a particular message lives in code.
 */

/** How a value is written in XML and held in the JSON model. */
export type ValueKind =
  /** free text, kept exactly (whitespace included) */
  | 'text'
  /** an identifier such as an article code: a string, trimmed, leading zeros kept */
  | 'code'
  /** exact decimal: the model holds a string with "." ("12.50"); XML may use "," or "." */
  | 'decimal'
  /** whole number: the model holds a JS number */
  | 'integer'
  /** J/N, 1/0, true/false in XML; a JS boolean in the model */
  | 'boolean'
  /** YYYY-MM-DD in the model; XML may also use YYYYMMDD */
  | 'date'
  /** ISO 8601 timestamp, kept as written */
  | 'datetime'
  /** one of `values` */
  | 'enum'
  /** change action ny|andrad|borttagen */
  | 'action';

export interface ValueField {
  kind: ValueKind;
  /** JSON key (English camelCase). */
  key: string;
  /**
   * Where the value sits, relative to the record element: `Element` (its text), `@attr` (an
   * attribute of the record element), `Element@attr` (an attribute of a child element), or
   * `#text` (the record element's own text).
   */
  xml: string;
  /** What it means, for docs and editor help. */
  doc: string;
  required?: boolean;
  /** A key field of the record (dedupe, matching). */
  isKey?: boolean;
  /** Allowed values, for kind 'enum'. */
  values?: readonly string[];
  /** Smallest value, for kind 'integer' (a page number: 1). */
  min?: number;
  /** Never logged, echoed or shown (a login password). */
  secret?: boolean;
}

export interface GroupField {
  kind: 'group';
  key: string;
  /** The child element holding the group's fields. */
  xml: string;
  doc: string;
  required?: boolean;
  fields: readonly Field[];
}

export interface ListField {
  kind: 'list';
  key: string;
  /** The wrapper element (`Rader`), or '' when the items are direct children of the record. */
  xml: string;
  /** The element of one item (`Rad`). */
  item: string;
  doc: string;
  required?: boolean;
  /** Items are records with these fields ... */
  fields?: readonly Field[];
  /** ... or single values of this kind (a list of category names, say). */
  itemKind?: ValueKind;
  /** Big lists are read in batches by the streaming reader. */
  stream?: boolean;
  /** Noun for one item in messages ("Artikel"); defaults to `item`. */
  label?: string;
  /** Each group: at least one of these keys must have a value (a record's identity). */
  requireOneOf?: readonly (readonly string[])[];
}

export type Field = ValueField | GroupField | ListField;

/** One XML document shape: a root element with attributes and fields. */
export interface BodyDef {
  root: string;
  fields: readonly Field[];
  /** Each group: at least one of these keys must have a value. */
  requireOneOf?: readonly (readonly string[])[];
}

export type Direction = 'out' | 'in' | 'both' | 'request-response';
export type Protocol = 'FTP' | 'WS' | 'FTP+WS';
export type Family = 'out' | 'in' | 'ws';

export interface WsDef {
  /** SOAP operation name (also the soapAction). */
  operation: string;
  request: BodyDef;
  response: BodyDef;
  /** What the operation does, for the WSDL documentation. */
  doc: string;
  /** Read-only operations may be retried on a transport error. */
  readOnly: boolean;
}

export interface MessageDescriptor {
  /** Type id, e.g. `article`; node type `pyramid-article`. */
  type: string;
  /** Pyramid's Swedish name, e.g. `Artikeldata`. */
  name: string;
  /** English title. */
  title: string;
  direction: Direction;
  protocol: Protocol;
  trigger: string;
  /** Palette family (colour). */
  family: Family;
  /** One paragraph: what the message is for. */
  summary: string;
  /** The FTP file shape, for types that travel as files. */
  file?: BodyDef;
  /**
   * File name convention. `timestamp`: `<Name>_<yyyyMMddTHHmmssSSS>_<seq>.xml` (out of Pyramid);
   * `key`: `<Name>_<value of keyField>.xml` (into Pyramid: the same order always gets the same name).
   */
  fileName?: { kind: 'timestamp' } | { kind: 'key'; keyField: string };
  /** The web-service operation, for types served over SOAP. */
  ws?: WsDef;
}

/** Which document of a type: the FTP file, or the WS request/response. */
export type Part = 'file' | 'request' | 'response';

/** One problem: where (path in the JSON model) and what. */
export interface Issue {
  /** Path in the JSON model, e.g. ['articles', 41, 'basePrice']. */
  path: (string | number)[];
  /** Where, in Pyramid's words: `Artikel[42] (artikelkod 00123): grundpris`. */
  where: string;
  /** What is wrong: `"12,5x" is not a number`. */
  message: string;
}

export interface InvalidRecord {
  /** Which list (`articles`). */
  list: string;
  /** 0-based position in the file. */
  index: number;
  /** The record's key values, when they could be read. */
  key: Record<string, string>;
  issues: Issue[];
  /** A readable reason. */
  reason: string;
  /** The record as far as it could be read (raw text values). */
  raw: unknown;
}
