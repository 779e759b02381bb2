/**
 * Errors of the FTP transport. Every error says whether retrying later can help (`transient`):
 * the outbox keeps a transient failure and tries again, a permanent one goes to the user (Catch)
 * with the file kept aside, so nothing is lost either way.
 */

export type FtpErrorCode =
  | 'FTP_BAD_NAME' // a file or folder name failed the safety checks
  | 'FTP_BAD_CONFIG' // a setting is missing or invalid
  | 'FTP_CONNECT' // could not connect or log in
  | 'FTP_CONNECTION_LOST' // the control connection dropped or timed out during an operation
  | 'FTP_CLOSED' // the connection was closed by us (redeploy, shutdown)
  | 'FTP_TLS' // certificate rejected
  | 'FTP_COMMAND' // the server refused a command (permanent 5xx)
  | 'FTP_BUSY' // the server refused a command for now (4xx)
  | 'FTP_NOT_FOUND' // the file is not there (550 on a file operation)
  | 'FTP_INCOMPLETE' // a transfer ended with fewer bytes than expected
  | 'FTP_CLAIM_LOST' // an ack/reject for a claim that is no longer held
  | 'FTP_OUTBOX'; // the local outbox could not be read or written

export class FtpError extends Error {
  readonly code: FtpErrorCode;
  readonly transient: boolean;
  /** The FTP reply code when the server answered. */
  readonly ftpCode?: number;

  constructor(message: string, code: FtpErrorCode, opts: { transient?: boolean; ftpCode?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FtpError';
    this.code = code;
    this.transient = opts.transient ?? false;
    if (opts.ftpCode !== undefined) this.ftpCode = opts.ftpCode;
  }
}

/** The FTP reply code of a basic-ftp FTPError (or undefined for socket errors). */
export function replyCode(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'code' in err) {
    const c = (err as { code: unknown }).code;
    if (typeof c === 'number' && c >= 100 && c < 600) return c;
  }
  return undefined;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Turn whatever an operation threw into an FtpError. `connectionLost` is true when the client's
 * control connection is gone afterwards: then the failure is about the connection, not the file.
 */
export function classify(err: unknown, what: string, connectionLost: boolean, text: string = errorText(err)): FtpError {
  if (err instanceof FtpError) return err;
  const code = replyCode(err);
  if (connectionLost) {
    return new FtpError(`${what}: ${text}`, 'FTP_CONNECTION_LOST', { transient: true, ftpCode: code, cause: err });
  }
  if (code === undefined) {
    // No reply code and the connection is still up: a data-connection or parsing problem that
    // may pass (a firewall, a busy server); retrying later is the safe answer.
    return new FtpError(`${what}: ${text}`, 'FTP_BUSY', { transient: true, cause: err });
  }
  if (code === 421 || code === 530) {
    return new FtpError(`${what}: ${text}`, 'FTP_CONNECTION_LOST', { transient: true, ftpCode: code, cause: err });
  }
  if (code >= 400 && code < 500) return new FtpError(`${what}: ${text}`, 'FTP_BUSY', { transient: true, ftpCode: code, cause: err });
  if (code === 550) return new FtpError(`${what}: ${text}`, 'FTP_NOT_FOUND', { ftpCode: code, cause: err });
  return new FtpError(`${what}: ${text}`, 'FTP_COMMAND', { ftpCode: code, cause: err });
}

/**
 * Remove secrets from a text before it reaches a log, a status or an error message. Servers and
 * libraries sometimes echo what they were sent; the password must never travel further.
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 1) out = out.split(s).join('***');
  }
  return out;
}
