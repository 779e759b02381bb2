/**
 * The safe XML reader. One saxes-based tokenizer serves both whole documents and streams of
 * records, so both paths share one set of guarantees:
 * - every value is the exact text (no number/boolean guessing; entities and character
 *   references decoded exactly once, by the XML rules),
 * - no DOCTYPE at all (so no entity expansion and no external entities),
 * - a nesting-depth cap and a per-value length cap,
 * - element and attribute names that could pollute JS objects are refused,
 * - strict well-formedness: a truncated document is an error, never a silently shorter result.
 *
 * Why not fast-xml-parser here: measured on this project's machines it parses about 10 MB/s and
 * holds the whole tree, accepts truncated documents without an error, and decodes numeric
 * character references only together with HTML's named entities (which are not XML). saxes is a
 * strict, conformant tokenizer at about 110 MB/s and lets us build only the subtrees we need.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { XmlError } from './errors';
import { decode, type EncodingOption, type Encoding } from './encoding';

export interface XmlElement {
  /** Local name (any namespace prefix removed). */
  name: string;
  /** Attributes by local name; a prototype-free object. `xmlns` declarations are dropped. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (all its direct text and CDATA, concatenated). */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

export interface ReaderLimits {
  /** Deepest element nesting accepted (root = 1). */
  maxDepth?: number;
  /** Longest text of a single element, in characters. */
  maxTextLength?: number;
  /**
   * Most elements held at once: in a whole-document read the whole document (default 250,000), in a
   * streamed read one record (default 50,000). Over it the read fails rather than growing without bound.
   */
  maxElements?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_TEXT_LENGTH = 16 * 1024 * 1024;
export const DEFAULT_MAX_ELEMENTS = 250_000;

/**
 * The one name no element or attribute may have: as an object key it is the prototype itself.
 * Every other name (toString, constructor, valueOf ...) is an ordinary key: models are built with
 * own-property checks only, so nothing inherited is ever read back as a value.
 */
const RESERVED = new Set(['__proto__']);

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** What the collector does with an element at a path (names from the root down, this one last). */
export type CaptureDecision = 'capture' | 'descend';

export interface CollectorOptions extends ReaderLimits {
  /** Decide per element whether to build it (with its whole subtree) or only walk into it. */
  decide: (path: readonly string[]) => CaptureDecision;
  /** A captured element is complete. */
  onElement: (el: XmlElement, path: readonly string[]) => void;
  /** The root start tag (always called, captured or not). */
  onRoot?: (root: XmlElement) => void;
}

/**
 * Turns text chunks into captured elements. Feed with write(), finish with close(); every problem
 * is thrown as an XmlError naming line and column.
 */
export class ElementCollector {
  private readonly parser: SaxesParser;
  private readonly path: string[] = [];
  /** Elements being built, parallel to `path` from the first captured depth on. */
  private readonly building: XmlElement[] = [];
  private captureDepth = -1;
  private readonly maxDepth: number;
  private readonly maxText: number;
  private readonly maxElements: number;
  /** Elements in the capture being built. */
  private captured = 0;
  private sawRoot = false;

  constructor(private readonly opts: CollectorOptions) {
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxText = opts.maxTextLength ?? DEFAULT_MAX_TEXT_LENGTH;
    this.maxElements = opts.maxElements ?? DEFAULT_MAX_ELEMENTS;
    const p = new SaxesParser({ xmlns: false, position: true });
    this.parser = p;
    p.on('error', (err: Error) => {
      throw this.fail(`XML is not well-formed: ${stripPosition(err.message)}`, 'XML_MALFORMED');
    });
    p.on('doctype', () => {
      throw this.fail(
        'a DOCTYPE declaration is not allowed (it could define entities or load external files)',
        'XML_DOCTYPE',
      );
    });
    p.on('opentag', (tag: SaxesTagPlain) => this.open(tag));
    p.on('closetag', () => this.close1());
    p.on('text', (t: string) => this.addText(t));
    p.on('cdata', (t: string) => this.addText(t));
  }

  private fail(message: string, code: ConstructorParameters<typeof XmlError>[1]): XmlError {
    const line = this.parser.line;
    const column = this.parser.column;
    return new XmlError(`${message} (line ${line}, column ${column})`, code, { line, column });
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    if (RESERVED.has(name)) throw this.fail(`element name "${name}" is not allowed`, 'XML_RESERVED_NAME');
    this.path.push(name);
    if (this.path.length > this.maxDepth) {
      throw this.fail(`elements are nested deeper than ${this.maxDepth} levels`, 'XML_TOO_DEEP');
    }
    const attrs: Record<string, string> = Object.create(null);
    for (const q of Object.keys(tag.attributes)) {
      if (q === 'xmlns' || q.startsWith('xmlns:')) continue;
      const a = localName(q);
      if (RESERVED.has(a)) throw this.fail(`attribute name "${a}" is not allowed`, 'XML_RESERVED_NAME');
      attrs[a] = tag.attributes[q] as string;
    }
    const el: XmlElement = { name, attrs, children: [], text: '', line: this.parser.line };
    if (this.path.length === 1) {
      this.sawRoot = true;
      this.opts.onRoot?.(el);
    }
    if (this.captureDepth >= 0) {
      if (++this.captured > this.maxElements) {
        const top = this.building[0];
        throw this.fail(
          `<${top.name}> (line ${top.line}) holds more than ${this.maxElements} elements, more than one read may hold in memory`,
          'XML_TOO_LARGE',
        );
      }
      this.building[this.building.length - 1].children.push(el);
      this.building.push(el);
    } else if (this.opts.decide(this.path) === 'capture') {
      this.captureDepth = this.path.length;
      this.captured = 1;
      this.building.push(el);
    }
  }

  private close1(): void {
    if (this.captureDepth >= 0) {
      const el = this.building.pop() as XmlElement;
      if (this.path.length === this.captureDepth) {
        this.captureDepth = -1;
        this.opts.onElement(el, this.path);
      }
    }
    this.path.pop();
  }

  private addText(t: string): void {
    if (this.captureDepth < 0) return;
    const el = this.building[this.building.length - 1];
    if (el.text.length + t.length > this.maxText) {
      throw this.fail(
        `the text of <${el.name}> is longer than ${this.maxText} characters`,
        'XML_TOO_LARGE',
      );
    }
    el.text = el.text.length ? el.text + t : t;
  }

  write(text: string): void {
    this.parser.write(text);
  }

  close(): void {
    this.parser.close();
    if (!this.sawRoot) throw new XmlError('the document has no root element', 'XML_MALFORMED');
  }
}

function stripPosition(msg: string): string {
  // saxes prefixes "file:line:col: "; we append our own position
  return msg.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
}

/** Parse a whole document from text into an element tree. */
export function parseXmlText(text: string, limits: ReaderLimits = {}): XmlElement {
  let root: XmlElement | undefined;
  const c = new ElementCollector({
    ...limits,
    decide: () => 'capture',
    onElement: (el) => {
      root = el;
    },
  });
  c.write(text);
  c.close();
  if (!root) throw new XmlError('the document has no root element', 'XML_MALFORMED');
  return root;
}

export interface ParsedDocument {
  root: XmlElement;
  encoding: Encoding;
}

/** Parse a whole document from bytes (encoding by BOM, declaration, configuration) or from text. */
export function parseXml(input: string | Buffer, encoding: EncodingOption = 'auto', limits: ReaderLimits = {}): ParsedDocument {
  if (typeof input === 'string') {
    return { root: parseXmlText(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, limits), encoding: 'utf-8' };
  }
  const d = decode(input, encoding);
  return { root: parseXmlText(d.text, limits), encoding: d.encoding };
}
