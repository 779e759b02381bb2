/**
 * The tokenizer layer both readers share: our strict tokenizer (tokenizer.ts), with every guarantee of the safe reader (no DOCTYPE,
 * strict well-formedness, a depth cap, a per-value length cap, an element cap per capture, no
 * `__proto__` names), capturing subtrees into a flat, reusable table instead of an element tree.
 *
 * A capture is held as parallel arrays in document order (index 0 is the captured element, its
 * descendants follow, `end[i]` is one past element i's last descendant), reused for the next
 * capture: a record costs no object per element beyond the names and texts the tokenizer makes. Whoever wants an
 * element tree builds one from the table (`toElement`); the record reader of the messages reads the
 * table directly (lib/messages/fastcheck.ts) and builds a tree only for a record it must explain.
 */
import { XmlError } from './errors';
import { XmlSyntaxError, XmlTokenizer } from './tokenizer';

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

/** One captured subtree (valid until the next capture starts: copy what you keep). */
export interface FlatTree {
  /** Elements in the capture. */
  size: number;
  /** Local names (namespace prefix removed). */
  name: string[];
  /** Attributes by local name: name, value, name, value, ... (each name once); `NO_ATTRS` (frozen, empty) when there are none. */
  attrs: (readonly string[])[];
  /** Each element's own text (direct text and CDATA, concatenated). */
  text: string[];
  /** 1-based line of the start tag. */
  line: number[];
  /** One past the index of the element's last descendant. */
  end: number[];
}

/** The attributes of an element that has none (shared, frozen: never mutate an element's attrs). */
export const NO_ATTRS: readonly string[] = Object.freeze([]);

/** The value of attribute `name` in a table's attribute list, or undefined. */
export function attrValue(attrs: readonly string[], name: string): string | undefined {
  for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return attrs[k + 1];
  return undefined;
}

/** A table's attribute list as an element's attributes (a prototype-free object). */
export function attrObject(attrs: readonly string[]): Record<string, string> {
  const o = Object.create(null) as Record<string, string>;
  for (let k = 0; k < attrs.length; k += 2) o[attrs[k]] = attrs[k + 1];
  return o;
}

/** What the collector does with an element at a path (names from the root down, this one last). */
export type CaptureDecision = 'capture' | 'descend';

export interface FlatLimits {
  maxDepth: number;
  maxText: number;
  /** Most elements in one capture. */
  maxElements: number;
}

export interface FlatOptions extends FlatLimits {
  /** Decide per element outside a capture whether to capture it (with its subtree) or only walk into it. */
  decide: (path: readonly string[]) => CaptureDecision;
  /** A capture is complete; `path` ends with its element. Synchronous: the table is reused afterwards. */
  onCapture: (tree: FlatTree, path: readonly string[]) => void;
  /** The root start tag (always called, captured or not), as a fresh element without children. */
  onRoot?: (root: XmlElement) => void;
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** The one name no element or attribute may have: as an object key it is the prototype itself. */
const RESERVED = '__proto__';

/**
 * The tokenizer's texts are slices of the text it is working through (16 KB pieces): V8 keeps a
 * slice of 13 characters or more as a view of its parent, so one kept value would keep its whole piece
 * alive, and a batch of records a copy of every piece it came from. A record's text is copied out.
 */
function own(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

export class FlatCollector {
  private readonly parser: XmlTokenizer;
  private readonly path: string[] = [];
  private readonly tree: FlatTree = { size: 0, name: [], attrs: [], text: [], line: [], end: [] };
  /** Indexes of the open captured elements, innermost last. */
  private readonly open: number[] = [];
  /** Depth (path length) of the captured element; -1 outside a capture. */
  private captureDepth = -1;
  private sawRoot = false;
  /** Recent short joins of text (`join`): [had, piece, result] by had's length. */
  private readonly joins: string[] = new Array<string>(3 * 64).fill('');

  constructor(private readonly opts: FlatOptions) {
    // a tag may hold one value at the text cap, and some markup around it
    this.parser = new XmlTokenizer(
      {
        open: (name, attrs, line) => this.onOpen(name, attrs, line),
        close: () => this.onClose(),
        text: (t) => this.onText(t),
        doctype: () => {
          throw this.fail('a DOCTYPE declaration is not allowed (it could define entities or load external files)', 'XML_DOCTYPE');
        },
      },
      opts.maxText + 65536,
    );
  }

  private fail(message: string, code: ConstructorParameters<typeof XmlError>[1]): XmlError {
    const line = this.parser.line;
    const column = this.parser.column;
    return new XmlError(`${message} (line ${line}, column ${column})`, code, { line, column });
  }

  private attrsOf(src: string[]): readonly string[] {
    // the usual case: plain names (no prefix, no xmlns, not reserved): the tokenizer's own list
    let plain = true;
    for (let k = 0; k < src.length; k += 2) {
      const q = src[k];
      if (q.indexOf(':') >= 0 || q === 'xmlns' || q === RESERVED) plain = false;
    }
    if (plain) return src;
    // by local name, a later one of the same local name winning (as in an object)
    const out = new Map<string, string>();
    for (let k = 0; k < src.length; k += 2) {
      const q = src[k];
      if (q === 'xmlns' || q.startsWith('xmlns:')) continue;
      const a = localName(q);
      if (a === RESERVED) throw this.fail(`attribute name "${a}" is not allowed`, 'XML_RESERVED_NAME');
      out.set(a, src[k + 1]);
    }
    return out.size ? [...out].flat() : NO_ATTRS;
  }

  private onOpen(qname: string, rawAttrs: string[] | undefined, line: number): void {
    const name = localName(qname);
    if (name === RESERVED) throw this.fail(`element name "${name}" is not allowed`, 'XML_RESERVED_NAME');
    const path = this.path;
    path.push(name);
    const depth = path.length;
    if (depth > this.opts.maxDepth) throw this.fail(`elements are nested deeper than ${this.opts.maxDepth} levels`, 'XML_TOO_DEEP');
    const attrs = rawAttrs ? this.attrsOf(rawAttrs) : NO_ATTRS;
    if (depth === 1) {
      this.sawRoot = true;
      if (this.opts.onRoot) this.opts.onRoot({ name, attrs: attrObject(attrs), children: [], text: '', line });
    }
    const t = this.tree;
    if (this.captureDepth >= 0) {
      const i = t.size;
      if (i >= this.opts.maxElements) {
        throw this.fail(
          `<${t.name[0]}> (line ${t.line[0]}) holds more than ${this.opts.maxElements} elements, more than one read may hold in memory`,
          'XML_TOO_LARGE',
        );
      }
      t.size = i + 1;
      t.name[i] = name;
      t.attrs[i] = attrs;
      t.text[i] = '';
      t.line[i] = line;
      this.open.push(i);
    } else if (this.opts.decide(path) === 'capture') {
      this.captureDepth = depth;
      t.size = 1;
      t.name[0] = name;
      t.attrs[0] = attrs;
      t.text[0] = '';
      t.line[0] = line;
      this.open.push(0);
    }
  }

  private onClose(): void {
    if (this.captureDepth >= 0) {
      const i = this.open.pop() as number;
      const t = this.tree;
      t.end[i] = t.size;
      if (this.path.length === this.captureDepth) {
        this.captureDepth = -1;
        this.opts.onCapture(t, this.path);
      }
    }
    this.path.pop();
  }

  private onText(s: string): void {
    if (this.captureDepth < 0) return;
    const t = this.tree;
    const i = this.open[this.open.length - 1];
    const had = t.text[i];
    if (had.length + s.length > this.opts.maxText) {
      throw this.fail(`the text of <${t.name[i]}> is longer than ${this.opts.maxText} characters`, 'XML_TOO_LARGE');
    }
    t.text[i] = had.length ? this.join(had, s) : own(s);
  }

  /**
   * had + s. An element with children gets the indentation between them, the same pieces in every
   * record (the tokenizer hands on repeated indentation as one string): short joins are remembered by
   * length, so the next record's element gets the very same strings instead of a new one per piece.
   */
  private join(had: string, s: string): string {
    if (had.length > 256 || s.length > 32) return had + s;
    const k = had.length & 63;
    const m = this.joins;
    if (m[3 * k] === had && m[3 * k + 1] === s) return m[3 * k + 2];
    const out = had + s;
    m[3 * k] = had;
    m[3 * k + 1] = s;
    m[3 * k + 2] = out;
    return out;
  }

  write(text: string): void {
    try {
      this.parser.write(text);
    } catch (e) {
      throw this.syntax(e);
    }
  }

  close(): void {
    try {
      this.parser.close();
    } catch (e) {
      throw this.syntax(e);
    }
    if (!this.sawRoot) throw new XmlError('the document has no root element', 'XML_MALFORMED');
  }

  /** The tokenizer's complaint as the readers' error; anything else (a limit, a handler's error) as it is. */
  private syntax(e: unknown): unknown {
    if (!(e instanceof XmlSyntaxError)) return e;
    if (e.kind === 'TOO_LARGE') return this.fail(e.message, 'XML_TOO_LARGE');
    return this.fail(`XML is not well-formed: ${e.message}`, 'XML_MALFORMED');
  }
}

/** Element `i` of a captured table (with its subtree) as an element tree of its own. */
export function toElement(t: FlatTree, i = 0): XmlElement {
  const el: XmlElement = { name: t.name[i], attrs: attrObject(t.attrs[i]), children: [], text: t.text[i], line: t.line[i] };
  for (let j = i + 1; j < t.end[i]; j = t.end[j]) el.children.push(toElement(t, j));
  return el;
}

/** An element tree as a table (for the readers that hold a tree: the table reader then serves both). */
export function flatten(el: XmlElement, into?: FlatTree): FlatTree {
  const t = into ?? { size: 0, name: [], attrs: [], text: [], line: [], end: [] };
  t.size = 0;
  const put = (e: XmlElement): void => {
    const i = t.size++;
    t.name[i] = e.name;
    const names = Object.keys(e.attrs);
    t.attrs[i] = names.length ? names.flatMap((a) => [a, e.attrs[a]]) : NO_ATTRS;
    t.text[i] = e.text;
    t.line[i] = e.line;
    for (const c of e.children) put(c);
    t.end[i] = t.size;
  };
  put(el);
  return t;
}
