/**
 * What one read may hold in memory, so no input can make it grow without bound: the limits, their
 * defaults, and the budgets of unknown content per record and per file that enforce them.
 */
import type { ReaderLimits, XmlElement } from '../xml/reader';
import type { BodyDef, ListField, MessageDescriptor } from './types';
import { ExtraBudget } from './extra';
import { elementKey } from './record-read';
import { recordLists } from './walk';
import { MessageError, tooLarge } from './errors';

/**
 * What one read may hold in memory, so no input can make it grow without bound. Over a limit the
 * read fails early with a MessageError naming the file, the record and the element.
 */
export interface MessageLimits extends ReaderLimits {
  /** Unknown elements one record may keep under `extra` (default 1,000). */
  maxExtraElements?: number;
  /** Characters of unknown content (names, text, attributes) one record may keep (default 1 MiB). */
  maxExtraChars?: number;
  /**
   * Unknown elements the file may keep outside its records, under its own `extra` (default 10,000).
   * A streamed read holds these until the end, so this bounds its memory; a file that reaches it
   * before its first record is taken for another dialect.
   */
  maxFileExtraElements?: number;
  /** Characters of unknown content outside the records (default 16 MiB). */
  maxFileExtraChars?: number;
  /** Whole-document reads only: the largest input, in bytes (default 64 MiB); bigger ones must be streamed. */
  maxDocumentBytes?: number;
}

/** A streamed read holds one record (or one unknown element) at a time: at most this many elements (option maxElements). */
export const DEFAULT_RECORD_ELEMENTS = 50_000;

export const DEFAULT_LIMITS = {
  maxExtraElements: 1_000,
  maxExtraChars: 1024 * 1024,
  maxFileExtraElements: 10_000,
  maxFileExtraChars: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
} as const satisfies MessageLimits;

export function limitOf<K extends keyof typeof DEFAULT_LIMITS>(o: MessageLimits, k: K): number {
  const v = o[k];
  return typeof v === 'number' && v >= 0 ? v : DEFAULT_LIMITS[k];
}

function overText(b: ExtraBudget, el: XmlElement, what: 'elements' | 'chars', scope: string, option: string): string {
  const limit = what === 'elements' ? `${b.maxElements} unknown elements` : `${b.maxChars} characters of unknown elements`;
  return `more than ${limit} ${scope} (reached at <${el.name}>, line ${el.line}): over the limit of unknown content kept under "extra" (option ${option})`;
}

/** A budget for one record of a top-level list. */
export function recordBudget(d: MessageDescriptor, o: MessageLimits & { fileName?: string }, list: ListField, index: number, item: XmlElement): ExtraBudget {
  return new ExtraBudget(limitOf(o, 'maxExtraElements'), limitOf(o, 'maxExtraChars'), (b, el, what) => {
    const where = `${list.label ?? list.item}[${index + 1}]${elementKey(list.fields ?? [], item)}`;
    throw tooLarge(d, o.fileName, where, overText(b, el, what, 'in one record', what === 'elements' ? 'maxExtraElements' : 'maxExtraChars'));
  });
}

/**
 * The budget of the file's own unknown content. `recordsSoFar` says whether any record was seen: a
 * file that reaches the limit with none is in another dialect, and is told so.
 */
export function fileBudget(d: MessageDescriptor, body: BodyDef, o: MessageLimits & { fileName?: string }, recordsSoFar: () => number): ExtraBudget {
  return new ExtraBudget(limitOf(o, 'maxFileExtraElements'), limitOf(o, 'maxFileExtraChars'), (b, el, what) => {
    const option = what === 'elements' ? 'maxFileExtraElements' : 'maxFileExtraChars';
    const lists = recordLists(body).filter((l) => l.xml === '' || !!l.stream);
    if (lists.length && recordsSoFar() === 0) {
      const expected = lists.map((l) => `<${l.xml ? l.xml + '/' : ''}${l.item}>`).join(' or ');
      const message =
        `has no ${expected} records but more than ${what === 'elements' ? `${b.maxElements} unknown elements` : `${b.maxChars} characters of unknown elements`} ` +
        `(reached at <${el.name}>, line ${el.line}): the file does not follow this message's dialect (option ${option})`;
      throw new MessageError(`${o.fileName ?? d.name}: ${body.root} ${message}`, 'MESSAGE_INVALID', [{ path: [], where: body.root, message }], {
        type: d.type,
        fileName: o.fileName,
      });
    }
    throw tooLarge(d, o.fileName, body.root, overText(b, el, what, 'outside the records', option));
  });
}

/** Records of the top-level record lists in a whole document (for the dialect test). */
export function recordsIn(body: BodyDef, root: XmlElement): number {
  let n = 0;
  for (const l of recordLists(body)) {
    for (const c of root.children) {
      if (l.xml === '' && c.name === l.item) n++;
      else if (l.xml !== '' && c.name === l.xml) n += c.children.filter((x) => x.name === l.item).length;
    }
  }
  return n;
}
