/**
 * Opening one logged-in basic-ftp client: the server settings (FTPS, certificate checks and pins,
 * passive mode, code page), the login, and what went wrong in words an integrator can act on.
 */
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { Client, enterPassiveModeIPv4, enterPassiveModeIPv6 } from 'basic-ftp';
import { enterPassiveModeIPv4_forceControlHostIP } from 'basic-ftp/dist/transfer';
import type { Encoding } from '../xml/encoding';
import { FtpError, errorText, replyCode, scrub } from './errors';
import { parseListing } from './listing';
import { nameCodec } from './names';
import { quietStacks } from './wire';

export type SecureMode = 'none' | 'explicit' | 'implicit';
export type TransferMode = 'auto' | 'epsv' | 'pasv';

export interface FtpServerOptions {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  /** FTPS: none, explicit (AUTH TLS on the normal port) or implicit (TLS from the first byte). */
  secure?: SecureMode;
  /** Verify the server certificate (chain and host name). On unless explicitly turned off. */
  rejectUnauthorized?: boolean;
  /** PEM of a CA, or of the server's own self-signed certificate, to trust in addition to the system CAs. */
  ca?: string;
  /** SHA-256 fingerprint of the server certificate; when set, exactly that certificate is accepted. */
  fingerprint?: string;
  /** Name to check the certificate against when it differs from `host`. */
  servername?: string;
  /** Passive mode: EPSV then PASV (auto), or only one of them. */
  transferMode?: TransferMode;
  /** Accept a PASV answer that points at another host than the control connection (basic-ftp option). */
  allowSeparateTransferHost?: boolean;
  /** Socket inactivity timeout for control and data connections, ms. */
  timeoutMs?: number;
  /** Code page of file names on the server. */
  encoding?: Encoding;
  /** Reconnect backoff, ms. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** After this long without use the connection is checked with NOOP before the next operation, ms. */
  idleCheckMs?: number;
}

function normalizeFingerprint(f: string): string {
  return f.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function tlsOptionsFor(o: FtpServerOptions): ConnectionOptions {
  const t: ConnectionOptions = {};
  if (o.fingerprint && o.fingerprint.trim() !== '') {
    // The pin replaces chain and name checks: the certificate is compared byte for byte (by hash)
    // right after the handshake, before the user name and password are sent.
    t.rejectUnauthorized = false;
  } else {
    t.rejectUnauthorized = o.rejectUnauthorized !== false;
    if (o.ca && o.ca.trim() !== '') t.ca = o.ca;
  }
  if (o.servername && o.servername.trim() !== '') t.servername = o.servername.trim();
  return t;
}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|altnames|certificate/i;

/** What went wrong while connecting, in words an integrator can act on; never contains the password. */
export function describeConnectError(err: unknown, o: FtpServerOptions): FtpError {
  const where = `${o.host}:${o.port ?? 21}`;
  const sysCode = err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
  const text = scrub(errorText(err), [o.password]);
  if (err instanceof FtpError) return new FtpError(scrub(err.message, [o.password]), err.code, { transient: true, ftpCode: err.ftpCode });
  if (TLS_ERROR.test(sysCode) || TLS_ERROR.test(text)) {
    return new FtpError(
      `certificate of ${where} rejected: ${text} (trust its CA or certificate, or pin its fingerprint, in the server settings)`,
      'FTP_TLS',
      { transient: true },
    );
  }
  const code = replyCode(err);
  if (code === 530) return new FtpError(`login to ${where} refused: ${text}`, 'FTP_CONNECT', { transient: true, ftpCode: code });
  return new FtpError(`cannot connect to ${where}: ${text}`, 'FTP_CONNECT', { transient: true, ftpCode: code });
}

/**
 * Open a logged-in basic-ftp client. Exported for the connection test and the certificate probe;
 * everything else goes through FtpConnection.
 */
export async function openClient(o: FtpServerOptions, opts: { login?: boolean } = {}): Promise<Client> {
  if (!o.host) throw new FtpError('no FTP host configured', 'FTP_BAD_CONFIG');
  const codec = nameCodec(o.encoding ?? 'utf-8');
  const client = new Client(o.timeoutMs ?? 30000, { allowSeparateTransferHost: o.allowSeparateTransferHost === true });
  client.ftp.verbose = false;
  quietStacks(client);
  client.ftp.encoding = codec.controlEncoding;
  client.parseList = parseListing;
  if (o.transferMode === 'epsv') client.prepareTransfer = enterPassiveModeIPv6;
  else if (o.transferMode === 'pasv') client.prepareTransfer = o.allowSeparateTransferHost ? enterPassiveModeIPv4 : enterPassiveModeIPv4_forceControlHostIP;
  const secure = o.secure ?? 'none';
  const port = o.port ?? (secure === 'implicit' ? 990 : 21);
  try {
    const tls = tlsOptionsFor(o);
    if (secure === 'implicit') await client.connectImplicitTLS(o.host, port, tls);
    else await client.connect(o.host, port);
    if (secure === 'explicit') await client.useTLS({ ...tls, host: o.host });
    if (secure !== 'none' && o.fingerprint && o.fingerprint.trim() !== '') {
      const got = (client.ftp.socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
      if (normalizeFingerprint(got) !== normalizeFingerprint(o.fingerprint)) {
        throw new FtpError(
          `certificate of ${o.host}:${port} does not match the pinned fingerprint (the server presented ${got})`,
          'FTP_TLS',
          { transient: true },
        );
      }
    }
    if (opts.login === false) return client;
    await client.login(codec.toWire(o.user || 'anonymous'), codec.toWire(o.password ?? ''));
    // What basic-ftp's useDefaultSettings does, minus "OPTS UTF8 ON" for servers whose names are
    // in a Windows code page: that option would make some servers decode our bytes as UTF-8.
    const features = await client.features();
    if (features.has('MLST')) client.availableListCommands = ['MLSD', 'LIST -a', 'LIST'];
    await client.send('TYPE I');
    await client.sendIgnoringError('STRU F');
    if (codec.controlEncoding === 'utf8') await client.sendIgnoringError('OPTS UTF8 ON');
    if (features.has('MLST')) await client.sendIgnoringError('OPTS MLST type;size;modify;unique;');
    if (client.ftp.hasTLS) {
      await client.sendIgnoringError('PBSZ 0');
      await client.sendIgnoringError('PROT P');
    }
    return client;
  } catch (err) {
    client.close();
    throw describeConnectError(err, { ...o, port });
  }
}
