/** The error of the message layer: what is wrong, where (`.issues`), in which file; and the texts that build it. */
import { XmlError } from '../xml/errors';
import type { InvalidRecord, Issue, MessageDescriptor } from './types';
import { issueText } from './issues';

export type MessageErrorCode = 'MESSAGE_INVALID' | 'MESSAGE_ROOT' | XmlError['code'];

/** Any problem with a message: what, where (`.issues`), and in which file. */
export class MessageError extends Error {
  readonly code: MessageErrorCode;
  readonly issues: Issue[];
  readonly type?: string;
  readonly fileName?: string;
  /** Records that failed, when a whole message was refused because of them. */
  readonly invalid?: InvalidRecord[];

  constructor(message: string, code: MessageErrorCode, issues: Issue[], extra: { type?: string; fileName?: string; invalid?: InvalidRecord[] } = {}) {
    super(message);
    this.name = 'MessageError';
    this.code = code;
    this.issues = issues;
    this.type = extra.type;
    this.fileName = extra.fileName;
    this.invalid = extra.invalid;
  }
}

const MAX_LISTED = 10;

export function issuesError(d: MessageDescriptor, issues: Issue[], fileName?: string, invalid?: InvalidRecord[]): MessageError {
  const head = fileName ? `${fileName}: ` : '';
  const listed = issues.slice(0, MAX_LISTED).map(issueText);
  const more = issues.length > MAX_LISTED ? `; and ${issues.length - MAX_LISTED} more problems` : '';
  return new MessageError(head + listed.join('; ') + more, 'MESSAGE_INVALID', issues, { type: d.type, fileName, invalid });
}

/** An XML error as a MessageError naming the file (or the message); anything else is thrown as it is. */
export function wrapXmlError(e: unknown, d: MessageDescriptor, fileName?: string): never {
  if (e instanceof XmlError) {
    const where = fileName ?? d.name;
    throw new MessageError(`${where}: ${e.message}`, e.code, [{ path: [], where, message: e.message }], { type: d.type, fileName });
  }
  throw e;
}

/** A limit reached: names the file (or the message) and where. */
export function tooLarge(d: MessageDescriptor, fileName: string | undefined, where: string, message: string): MessageError {
  const head = fileName ?? d.name;
  return new MessageError(`${head}: ${where}: ${message}`, 'XML_TOO_LARGE', [{ path: [], where, message }], { type: d.type, fileName });
}
