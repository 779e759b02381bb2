/**
 * XML writing: element trees to text and to bytes in a chosen code page. Escaping happens here
 * and only here, exactly once, so a value such as "&amp;" in the model is written as "&amp;amp;"
 * and reads back as "&amp;".
 */
import { XmlError } from './errors';
import { encode, type Encoding, type Unencodable } from './encoding';

export interface OutElement {
  name: string;
  attrs?: Record<string, string>;
  children?: OutElement[];
  text?: string;
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/U+FFFF even as references.
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkChars(value: string, where: string): void {
  const m = INVALID_CHARS.exec(value);
  if (m) {
    const cp = m[0].charCodeAt(0);
    throw new XmlError(
      `${where} contains U+${cp.toString(16).toUpperCase().padStart(4, '0')} at position ${m.index}, which XML cannot carry`,
      'XML_INVALID_CHAR',
    );
  }
}

const TEXT_ESC = /[&<>\r]/g;
const ATTR_ESC = /[&<>"\r\n\t]/g;
const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

export function escapeText(s: string): string {
  return TEXT_ESC.test(s) ? s.replace(TEXT_ESC, (c) => ESC[c]) : s;
}

export function escapeAttr(s: string): string {
  return ATTR_ESC.test(s) ? s.replace(ATTR_ESC, (c) => ESC[c]) : s;
}

// XML 1.0 (5th edition) names without ":" (the reader drops namespace prefixes): what the reader
// accepts as a name, the writer writes back.
const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_MORE = NAME_START + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
// the combining marks (U+0300-U+036F) are a range of the class, as the XML spec lists them
// eslint-disable-next-line no-misleading-character-class
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_MORE}]*$`, 'u');

/** Whether `name` can be written as an element or attribute name. */
export function isXmlName(name: string): boolean {
  return NAME_RE.test(name) && name !== '__proto__';
}

function checkName(name: string): void {
  if (!isXmlName(name)) {
    throw new XmlError(`"${name}" cannot be used as an XML element or attribute name`, 'XML_RESERVED_NAME');
  }
}

/** The IANA names other XML readers know. */
const DECLARED_NAME: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'windows-1252',
  'iso-8859-1': 'ISO-8859-1',
  cp437: 'IBM437',
  cp850: 'IBM850',
};

export interface WriteOptions {
  /** Indent with two spaces per level (default true: files people open in an editor). */
  pretty?: boolean;
  /** Write the XML declaration (default true). */
  declaration?: boolean;
}

/** Serialize to text. The declaration names `encoding`, which must then be used for the bytes. */
export function writeXmlText(root: OutElement, encoding: Encoding = 'utf-8', opts: WriteOptions = {}): string {
  const pretty = opts.pretty ?? true;
  const parts: string[] = [];
  if (opts.declaration ?? true) {
    parts.push(`<?xml version="1.0" encoding="${DECLARED_NAME[encoding]}"?>`);
    if (pretty) parts.push('\n');
  }
  // iterative, so a deep tree cannot overflow the stack. An element with both text and children
  // (mixed content) is written without indentation inside, so its text reads back exactly.
  type Frame = { el: OutElement; depth: number; closing: boolean; flat: boolean; inner?: boolean };
  const stack: Frame[] = [{ el: root, depth: 0, closing: false, flat: !pretty }];
  while (stack.length) {
    const f = stack.pop() as Frame;
    const nl = f.flat ? '' : '\n';
    if (f.closing) {
      parts.push(`${f.inner ? '' : '  '.repeat(f.depth)}</${f.el.name}>`, nl);
      continue;
    }
    const ind = f.flat ? '' : '  '.repeat(f.depth);
    const el = f.el;
    checkName(el.name);
    let open = `${ind}<${el.name}`;
    if (el.attrs) {
      for (const k of Object.keys(el.attrs)) {
        checkName(k);
        const v = el.attrs[k];
        checkChars(v, `attribute ${k} of <${el.name}>`);
        open += ` ${k}="${escapeAttr(v)}"`;
      }
    }
    const kids = el.children ?? [];
    const text = el.text ?? '';
    if (text) checkChars(text, `the text of <${el.name}>`);
    if (!kids.length) {
      parts.push(text === '' ? `${open}/>` : `${open}>${escapeText(text)}</${el.name}>`, nl);
      continue;
    }
    const inner = f.flat || text !== '';
    parts.push(`${open}>`, text ? escapeText(text) : '', inner ? '' : '\n');
    stack.push({ el, depth: f.depth, closing: true, flat: f.flat, inner });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i], depth: f.depth + 1, closing: false, flat: inner });
  }
  return parts.join('');
}

/** Serialize to bytes in the code page (characters it cannot hold: error, or character references). */
export function writeXml(root: OutElement, encoding: Encoding = 'utf-8', opts: WriteOptions & { unencodable?: Unencodable } = {}): Buffer {
  return encode(writeXmlText(root, encoding, opts), encoding, opts.unencodable ?? 'error');
}
