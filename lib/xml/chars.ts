/**
 * The character rules of XML 1.0 (fifth edition) the tokenizer checks: which characters may appear
 * at all, what a name is, what a reference may stand for, the shape of the XML declaration.
 */

// The classes list code-point ranges of the recommendation (productions 4 and 4a); no character in
// them is meant to combine with its neighbour, whatever the lint rule sees in U+0300-U+036F.
const NAME_START = ':A-Z_a-z\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_MORE = `${NAME_START}\\-.0-9\\xB7\\u0300-\\u036F\\u203F\\u2040`;
/** A Name at lastIndex (sticky). */
// eslint-disable-next-line no-misleading-character-class
const NAME = new RegExp(`[${NAME_START}][${NAME_MORE}]*`, 'uy');
/** A character XML 1.0 does not allow anywhere (surrogates are then checked in pairs). */
const NOT_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;
/** ASCII name characters: 1 may start a name, 2 may only follow, 0 neither. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[:A-Z_a-z]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[-.0-9]/.test(ch)) ASCII_NAME[c] = 2;
}
const XML_DECL =
  /^<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>$/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function legalCodePoint(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/** Index of the first character of `s` XML does not allow (a lone surrogate included), or -1. */
export function firstIllegalChar(s: string): number {
  NOT_CHAR.lastIndex = 0;
  for (let m = NOT_CHAR.exec(s); m; m = NOT_CHAR.exec(s)) {
    const i = m.index;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        NOT_CHAR.lastIndex = i + 2;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Names seen lately, by a hash of their first and last characters and length (a document repeats a few). */
const NAMES: string[] = new Array<string>(512).fill('');

/**
 * s.slice(i, j), the string seen last with that hash when it is the same: no new string per tag, and
 * one whose hash a Map has computed already. A long name is copied out, not kept as a view of `s`.
 */
function knownName(s: string, i: number, j: number): string {
  const n = j - i;
  const k = (s.charCodeAt(i) * 7 + s.charCodeAt(j - 1) * 31 + n) & 511;
  const hit = NAMES[k];
  if (hit.length === n && s.startsWith(hit, i)) return hit;
  return (NAMES[k] = n < 13 ? s.slice(i, j) : (s.slice(i, j) + ' ').slice(0, -1));
}

/** The Name starting at s[i], or undefined. ASCII names without the regular expression. */
export function nameAt(s: string, i: number): string | undefined {
  const n = s.length;
  let c = i < n ? s.charCodeAt(i) : 0;
  if (c < 128 && ASCII_NAME[c] === 1) {
    let j = i + 1;
    for (; j < n; j++) {
      c = s.charCodeAt(j);
      if (c >= 128 || ASCII_NAME[c] === 0) break;
    }
    if (j === n || c < 128) return j - i > 48 ? s.slice(i, j) : knownName(s, i, j);
  }
  NAME.lastIndex = i;
  const m = NAME.exec(s);
  return m ? m[0] : undefined;
}

/** What `&ref;` stands for: one of the five predefined entities or a character reference. */
export function referenceValue(ref: string): string | { problem: string } {
  if (ref.charCodeAt(0) === 0x23) {
    const hex = ref.charCodeAt(1) === 0x78;
    const digits = ref.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9A-Fa-f]{1,8}$/ : /^[0-9]{1,10}$/).test(digits)) return { problem: `malformed character reference "&${ref};"` };
    const cp = parseInt(digits, hex ? 16 : 10);
    if (!legalCodePoint(cp)) return { problem: `character reference "&${ref};" names a character XML does not allow` };
    return String.fromCodePoint(cp);
  }
  if (!Object.prototype.hasOwnProperty.call(PREDEFINED, ref)) return { problem: `undefined entity "&${ref};"` };
  return PREDEFINED[ref];
}

/** Whether `<?xml ...?>` is a well-formed XML declaration. */
export function isXmlDeclaration(s: string): boolean {
  return XML_DECL.test(s);
}

/** Whether `name` is among the names of `attrs` (name, value, ...); `seen` (the caller's set of them, past a few) keeps many attributes linear. */
export function attrSeen(attrs: readonly string[], name: string, seen: Set<string> | undefined): boolean {
  if (seen) return seen.has(name);
  for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return true;
  return false;
}
