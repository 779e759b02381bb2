/**
 * A strict, streaming XML 1.0 tokenizer for documents without a DTD: text in chunks in; start tags,
 * end tags and text out; every well-formedness rule of XML 1.0 (fifth edition) that applies to such
 * documents checked, the first break an error with its line and column. No namespace processing
 * (names stay qualified), a DOCTYPE reported so the caller refuses it, comments and processing
 * instructions checked and dropped, only the five predefined entities and character references.
 * It finds the next `<`, `>` or quote with the engine's string search instead of a state per
 * character, which makes it quicker than a general tokenizer (P1 in docs/performance.md).
 * Memory: between chunks it holds an unfinished tag, comment or reference, at most `maxPending`
 * characters; text is handed on as it comes, never gathered.
 */
import { attrSeen, firstIllegalChar, isSpace, isXmlDeclaration, nameAt, referenceValue } from './chars';
import { XmlSyntaxError } from './errors';

export { XmlSyntaxError };

export interface TokenHandler {
  /** A start tag: its qualified name, its attributes (name, value, name, value, ...: names as written, each once; undefined when none), its line. */
  open(name: string, attrs: string[] | undefined, line: number): void;
  /** The end of the element opened last (also right after `open` for `<empty/>`). */
  close(name: string): void;
  /** Character data inside the root (text with references decoded, or a CDATA section), possibly in pieces. */
  text(s: string): void;
  /** A DOCTYPE declaration starts (the caller refuses it: it would define entities). */
  doctype(): void;
}

/** Longest piece of text taken at once (characters). */
const PIECE = 16384;

/** Where the document is: before the root, inside it, after it. */
const enum At {
  Prolog,
  Root,
  Epilog,
}

export class XmlTokenizer {
  /** Line and column of the last position looked at (for errors). */
  line = 1;
  column = 1;
  private buf = '';
  private pos = 0;
  /** Index in `buf` up to which newlines are counted into `line`, and where the current line starts. */
  private counted = 0;
  private lineStart = 0;
  /** The first newline at or after `counted` (buf.length: none; -1: not searched since buf changed). */
  private nextNewline = -1;
  private readonly stack: string[] = [];
  private at = At.Prolog;
  /** Nothing but (perhaps) a BOM has been read: an XML declaration may come. */
  private atStart = true;
  /** A `\r` (or a high surrogate) at the end of the last chunk, held for the next. */
  private carry = '';
  private ended = false;
  /** The next `&` and `]]>` in buf at or after the last search (buf.length: none; -1: not searched). */
  private ampAt = -1;
  private cdataEndAt = -1;
  private ws1 = '';
  private ws2 = '';

  constructor(
    private readonly h: TokenHandler,
    private readonly maxPending: number,
  ) {}

  write(chunk: string): void {
    if (this.ended) throw this.error('write after close');
    if (chunk.length > PIECE) {
      // in pieces: what is pending plus a piece stays a small string (a big one costs a large-object allocation per chunk)
      for (let i = 0; i < chunk.length; i += PIECE) this.write(chunk.slice(i, i + PIECE));
      return;
    }
    let s = this.carry + chunk;
    this.carry = '';
    if (this.atStart && this.buf.length === 0 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    const last = s.charCodeAt(s.length - 1);
    if (last === 0x0d || (last >= 0xd800 && last <= 0xdbff)) {
      this.carry = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s.length === 0) return;
    this.take(s);
    this.run(false);
  }

  close(): void {
    if (this.ended) return;
    const c = this.carry;
    this.carry = '';
    if (c) this.take(c);
    this.run(true);
    this.ended = true;
    this.lineAt(this.buf.length);
    if (this.stack.length) throw this.error(`unclosed tag <${this.stack[this.stack.length - 1]}>`);
  }

  /** Check the new text's characters, normalise its line ends and append it to what is pending. */
  private take(s: string): void {
    if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
    const i = firstIllegalChar(s);
    if (i >= 0) {
      this.buf += s.slice(0, i);
      this.nextNewline = -1;
      this.lineAt(this.buf.length);
      throw this.error(`disallowed character U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`);
    }
    // lines are counted up to what is dropped, so positions stay right
    const cut = this.pos;
    this.lineAt(cut);
    this.buf = cut >= this.buf.length ? s : this.buf.slice(cut) + s;
    this.counted -= cut;
    this.lineStart -= cut;
    this.nextNewline = -1;
    this.pos = 0;
    this.ampAt = -1;
    this.cdataEndAt = -1;
  }

  /** Index of the next `&` at or after `from` (buf.length when none): each part of buf is searched once. */
  private nextAmp(from: number): number {
    if (this.ampAt < from) {
      const i = this.buf.indexOf('&', from);
      this.ampAt = i < 0 ? this.buf.length : i;
    }
    return this.ampAt;
  }

  private nextCdataEnd(from: number): number {
    if (this.cdataEndAt < from) {
      const i = this.buf.indexOf(']]>', from);
      this.cdataEndAt = i < 0 ? this.buf.length : i;
    }
    return this.cdataEndAt;
  }

  /** Index of the first newline at or after `from` (buf.length when none). */
  private newlineFrom(from: number): number {
    const i = this.buf.indexOf('\n', from);
    return i < 0 ? this.buf.length : i;
  }

  /**
   * Count lines up to index `to` of buf; the line of that position. Called for every start tag: the
   * next newline is remembered, so a line holding many tags is searched once, not once per tag.
   */
  private lineAt(to: number): number {
    if (to > this.counted) {
      let n = this.nextNewline;
      if (n < this.counted) n = this.newlineFrom(this.counted);
      while (n < to) {
        this.line++;
        this.lineStart = n + 1;
        n = this.newlineFrom(n + 1);
      }
      this.nextNewline = n;
      this.counted = to;
    }
    this.column = to - this.lineStart + 1;
    return this.line;
  }

  private error(message: string, kind: 'MALFORMED' | 'TOO_LARGE' = 'MALFORMED'): XmlSyntaxError {
    return new XmlSyntaxError(message, this.line, this.column, kind);
  }

  private failAt(i: number, message: string): XmlSyntaxError {
    this.lineAt(i);
    return this.error(message);
  }

  /** Tokens as far as the text goes; with `final`, an unfinished token is an error. */
  private run(final: boolean): void {
    const b = this.buf;
    const n = b.length;
    // markup at the last "<" with no ">" after it is unfinished (a piece's end): stop before it, so the tag
    // readers' "incomplete" paths (each a deoptimisation when first hit) are left for a cut after a quoted ">"
    let cut = -1;
    if (!final) {
      const last = b.lastIndexOf('<');
      if (last >= this.pos && b.indexOf('>', last) < 0) cut = last;
    }
    while (this.pos < n) {
      const p = this.pos;
      const lt = b.indexOf('<', p);
      if (lt !== p) {
        const end = lt < 0 ? n : lt;
        if (lt < 0 && !final) {
          // text up to the end: hand on what is certainly complete (not a cut reference or "]]")
          let safe = end;
          const amp = b.lastIndexOf('&', end - 1);
          if (amp >= p && b.indexOf(';', amp) < 0) safe = amp;
          while (safe > p && b.charCodeAt(safe - 1) === 0x5d) safe--;
          if (safe > p) this.chars(p, safe);
          this.pos = safe;
          break;
        }
        this.chars(p, end);
        this.pos = end;
        if (lt < 0) break;
      }
      if (lt === cut) break;
      const next = this.tag(lt, final);
      if (next < 0) break;
      this.pos = next;
    }
    if (n - this.pos > this.maxPending) {
      this.lineAt(this.pos);
      throw this.error(`a tag, comment or reference longer than ${this.maxPending} characters`, 'TOO_LARGE');
    }
    if (final && this.pos < n) throw this.failAt(this.pos, 'unexpected end of the document');
  }

  /** Character data b[from..to). */
  private chars(from: number, to: number): void {
    const b = this.buf;
    if (this.at !== At.Root) {
      for (let i = from; i < to; i++) {
        if (!isSpace(b.charCodeAt(i))) throw this.failAt(i, this.at === At.Prolog ? 'text before the root element' : 'text after the root element');
      }
      this.atStart = false;
      return;
    }
    const rb = this.nextCdataEnd(from);
    if (rb + 3 <= to) throw this.failAt(rb, '"]]>" is not allowed in text');
    if (this.nextAmp(from) < to) this.h.text(this.decode(from, to, false));
    else this.h.text(to - from <= 64 && isSpace(b.charCodeAt(from)) ? this.indent(from, to) : b.slice(from, to));
  }

  /** Indentation between tags repeats: the last two such texts are handed on again, not sliced anew. */
  private indent(from: number, to: number): string {
    const b = this.buf;
    const s1 = this.ws1;
    if (s1.length === to - from && b.startsWith(s1, from)) return s1;
    const s2 = this.ws2;
    this.ws2 = s1;
    return (this.ws1 = s2.length === to - from && b.startsWith(s2, from) ? s2 : b.slice(from, to));
  }

  /** b[from..to) with its references replaced; in an attribute value (`spaces`) tabs and line ends become spaces. */
  private decode(from: number, to: number, spaces: boolean): string {
    const b = this.buf;
    let out = '';
    let i = from;
    let amp = this.nextAmp(from);
    while (amp < to) {
      const part = b.slice(i, amp);
      out += spaces ? part.replace(/[\t\n]/g, ' ') : part;
      const semi = b.indexOf(';', amp + 1);
      if (semi < 0 || semi >= to || semi - amp > 16) throw this.failAt(amp, 'a "&" that does not start a reference (write &amp;)');
      out += this.reference(amp, b.slice(amp + 1, semi));
      i = semi + 1;
      amp = this.nextAmp(i);
    }
    const rest = b.slice(i, to);
    return out + (spaces ? rest.replace(/[\t\n]/g, ' ') : rest);
  }

  private reference(at: number, ref: string): string {
    const v = referenceValue(ref);
    if (typeof v !== 'string') throw this.failAt(at, v.problem);
    return v;
  }

  /** The markup at b[lt] ('<'): the index after it, or -1 when it is not complete yet. */
  private tag(lt: number, final: boolean): number {
    const b = this.buf;
    if (lt + 1 >= b.length) return this.incomplete(lt, final);
    const c = b.charCodeAt(lt + 1);
    if (c === 0x2f) return this.endTag(lt, final);
    if (c === 0x21) return this.bang(lt, final);
    if (c === 0x3f) return this.pi(lt, final);
    return this.startTag(lt, final);
  }

  private incomplete(lt: number, final: boolean): number {
    if (final) throw this.failAt(lt, 'unexpected end of the document inside markup');
    return -1;
  }

  private startTag(lt: number, final: boolean): number {
    const b = this.buf;
    const n = b.length;
    const name = nameAt(this.buf, lt + 1);
    if (name === undefined) throw this.failAt(lt + 1, 'a "<" that does not start a tag (write &lt;)');
    let i = lt + 1 + name.length;
    let attrs: string[] | undefined;
    let seen: Set<string> | undefined;
    for (;;) {
      if (i >= n) return this.incomplete(lt, final);
      let c = b.charCodeAt(i);
      const spaced = isSpace(c);
      while (isSpace(c)) {
        if (++i >= n) return this.incomplete(lt, final);
        c = b.charCodeAt(i);
      }
      if (c === 0x3e) {
        this.opened(lt, name, attrs);
        return i + 1;
      }
      if (c === 0x2f) {
        if (i + 1 >= n) return this.incomplete(lt, final);
        if (b.charCodeAt(i + 1) !== 0x3e) throw this.failAt(i, `"/" not followed by ">" in <${name}>`);
        this.opened(lt, name, attrs);
        this.closed();
        return i + 2;
      }
      if (!spaced) throw this.failAt(i, `unexpected character in <${name}>: attributes must be separated by whitespace`);
      const an = nameAt(this.buf, i);
      if (an === undefined) throw this.failAt(i, `unexpected character in <${name}>`);
      i += an.length;
      while (i < n && isSpace(b.charCodeAt(i))) i++;
      if (i >= n) return this.incomplete(lt, final);
      if (b.charCodeAt(i) !== 0x3d) throw this.failAt(i, `attribute ${an} of <${name}> has no "="`);
      i++;
      while (i < n && isSpace(b.charCodeAt(i))) i++;
      if (i >= n) return this.incomplete(lt, final);
      const q = b.charCodeAt(i);
      if (q !== 0x22 && q !== 0x27) throw this.failAt(i, `the value of attribute ${an} of <${name}> is not quoted`);
      const close = b.indexOf(q === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return this.incomplete(lt, final);
      const lt2 = b.indexOf('<', i + 1);
      if (lt2 >= 0 && lt2 < close) throw this.failAt(lt2, `"<" in the value of attribute ${an} of <${name}>`);
      if (attrs === undefined) attrs = [];
      else if (attrSeen(attrs, an, seen)) throw this.failAt(i, `attribute ${an} appears twice in <${name}>`);
      attrs.push(an, this.decode(i + 1, close, true));
      if (seen) seen.add(an);
      else if (attrs.length > 32) seen = new Set(attrs.filter((_, k) => k % 2 === 0));
      i = close + 1;
    }
  }

  private opened(lt: number, name: string, attrs: string[] | undefined): void {
    if (this.at === At.Epilog) throw this.failAt(lt, `a second root element <${name}>`);
    this.at = At.Root;
    this.atStart = false;
    this.stack.push(name);
    this.h.open(name, attrs, this.lineAt(lt));
  }

  private closed(): void {
    const name = this.stack.pop() as string;
    if (this.stack.length === 0) this.at = At.Epilog;
    this.h.close(name);
  }

  private endTag(lt: number, final: boolean): number {
    const b = this.buf;
    const open = this.stack[this.stack.length - 1];
    // the usual case, without searching or taking the name out: </open>
    if (open !== undefined) {
      const gt = lt + 2 + open.length;
      if (gt < b.length && b.charCodeAt(gt) === 0x3e && b.startsWith(open, lt + 2)) {
        this.closed();
        return gt + 1;
      }
    }
    const gt = b.indexOf('>', lt + 2);
    if (gt < 0) return this.incomplete(lt, final);
    const name = nameAt(this.buf, lt + 2);
    if (name === undefined) throw this.failAt(lt + 2, 'an end tag without a name');
    for (let i = lt + 2 + name.length; i < gt; i++) {
      if (!isSpace(b.charCodeAt(i))) throw this.failAt(i, `unexpected character in </${name}>`);
    }
    if (open === undefined) throw this.failAt(lt, `end tag </${name}> without a start tag`);
    if (open !== name) throw this.failAt(lt, `end tag </${name}> does not match <${open}>`);
    this.closed();
    return gt + 1;
  }

  /** `<!--`, `<![CDATA[` or `<!DOCTYPE`. */
  private bang(lt: number, final: boolean): number {
    const b = this.buf;
    if (b.startsWith('<!--', lt)) {
      const end = b.indexOf('--', lt + 4);
      if (end < 0) return this.incomplete(lt, final);
      if (end + 2 >= b.length) return this.incomplete(lt, final);
      if (b.charCodeAt(end + 2) !== 0x3e) throw this.failAt(end, '"--" inside a comment');
      this.atStart = false;
      return end + 3;
    }
    if (b.startsWith('<![CDATA[', lt)) {
      if (this.at !== At.Root) throw this.failAt(lt, 'a CDATA section outside the root element');
      const end = b.indexOf(']]>', lt + 9);
      if (end < 0) return this.incomplete(lt, final);
      if (end > lt + 9) this.h.text(b.slice(lt + 9, end));
      return end + 3;
    }
    if (b.startsWith('<!DOCTYPE', lt)) {
      this.lineAt(lt);
      this.h.doctype();
      throw this.failAt(lt, 'a DOCTYPE declaration');
    }
    // not enough text to tell which it is yet
    if (b.length - lt < 9 && ('<!--'.startsWith(b.slice(lt, lt + 4)) || '<![CDATA['.startsWith(b.slice(lt)) || '<!DOCTYPE'.startsWith(b.slice(lt)))) {
      return this.incomplete(lt, final);
    }
    throw this.failAt(lt, 'a "<!" that starts no comment or CDATA section');
  }

  /** A processing instruction, or the XML declaration at the very start. */
  private pi(lt: number, final: boolean): number {
    const b = this.buf;
    const end = b.indexOf('?>', lt + 2);
    if (end < 0) return this.incomplete(lt, final);
    const target = nameAt(this.buf, lt + 2);
    if (target === undefined) throw this.failAt(lt + 2, 'a processing instruction without a target');
    const after = lt + 2 + target.length;
    if (after < end && !isSpace(b.charCodeAt(after))) throw this.failAt(after, `unexpected character after <?${target}`);
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || !this.atStart) throw this.failAt(lt, 'an XML declaration is only allowed at the very start');
      if (!isXmlDeclaration(b.slice(lt, end + 2))) throw this.failAt(lt, 'a malformed XML declaration');
    }
    this.atStart = false;
    return end + 2;
  }
}
