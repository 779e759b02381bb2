/**
 * The one decision of a message's code page. Reading: `msg.encoding`, else the node's setting
 * (`auto` lets a BOM, the XML declaration or the bytes decide). Writing: the same, with `auto`
 * meaning UTF-8; the code page written with travels on in `msg.pyramid.encoding` (the XML
 * declaration names it), so a later transport that has to turn text into bytes (pyramid-ftp-out)
 * uses the same code page instead of choosing again.
 */
import { normalizeEncoding, normalizeEncodingOption, type Encoding, type EncodingOption } from '../xml/encoding';

/** What a msg asks for: its `encoding` property (a code page label; absent or not text: none). */
function asked(msgEncoding: unknown): string | undefined {
  return typeof msgEncoding === 'string' ? msgEncoding : undefined;
}

/**
 * The code page to read a message with: the msg's `encoding` (an empty one means auto), else the
 * node's setting. Throws ENCODING_UNSUPPORTED on a label that is no code page.
 */
export function readCodePage(msgEncoding: unknown, nodeSetting: string): EncodingOption {
  return normalizeEncodingOption(asked(msgEncoding) ?? nodeSetting);
}

/**
 * The code page to write a message in: the msg's `encoding` when not empty, else the node's
 * setting; `auto` is UTF-8. Throws ENCODING_UNSUPPORTED on a label that is no code page.
 */
export function writeCodePage(msgEncoding: unknown, nodeSetting: string): Encoding {
  const e = asked(msgEncoding) || nodeSetting;
  return e.toLowerCase() === 'auto' ? 'utf-8' : normalizeEncoding(e);
}

/** Which way the message goes: parsed from XML, or built into XML. */
export type CodePageDirection = 'read' | 'write';

/** The code page for a direction: `readCodePage` or `writeCodePage`. */
export function codePageFor(direction: 'read', msgEncoding: unknown, nodeSetting: string): EncodingOption;
export function codePageFor(direction: 'write', msgEncoding: unknown, nodeSetting: string): Encoding;
export function codePageFor(direction: CodePageDirection, msgEncoding: unknown, nodeSetting: string): EncodingOption {
  return direction === 'read' ? readCodePage(msgEncoding, nodeSetting) : writeCodePage(msgEncoding, nodeSetting);
}

/** What `msg.pyramid.encoding` says, for a transport: lib/xml/encoding's travellingCodePage. */
export { travellingCodePage } from '../xml/encoding';
