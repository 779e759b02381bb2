/** Errors of the XML layer: a stable code for programs, a sentence for people. */
export type XmlErrorCode =
  | 'ENCODING_UNSUPPORTED'
  | 'ENCODING_INVALID_BYTES'
  | 'ENCODING_UNENCODABLE'
  | 'XML_DOCTYPE'
  | 'XML_MALFORMED'
  | 'XML_TOO_DEEP'
  | 'XML_TOO_LARGE'
  | 'XML_RESERVED_NAME'
  | 'XML_INVALID_CHAR'
  | 'XML_ROOT';

export class XmlError extends Error {
  readonly code: XmlErrorCode;
  readonly offset?: number;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, code: XmlErrorCode, where: { offset?: number; line?: number; column?: number } = {}) {
    super(message);
    this.name = 'XmlError';
    this.code = code;
    this.offset = where.offset;
    this.line = where.line;
    this.column = where.column;
  }
}

/** The tokenizer's complaint (lib/xml/tokenizer.ts), turned into an XmlError by its callers. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** `TOO_LARGE` when a single tag, comment or reference is longer than the pending cap. */
    readonly kind: 'MALFORMED' | 'TOO_LARGE' = 'MALFORMED',
  ) {
    super(message);
  }
}
