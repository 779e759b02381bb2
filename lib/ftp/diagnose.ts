/**
 * "Test connection": log in with the given settings, look at the configured folders, and report
 * in words. When a certificate is refused, the certificate the server presented is described
 * (fingerprint, subject) so it can be pinned; that probe stops before the login, so the password
 * is never sent to an unverified server. The report never contains the password, and a saved
 * password is only ever tried on the server it was saved for.
 */
import type { TLSSocket } from 'node:tls';
import { openClient, type FtpServerOptions } from './client';
import { FtpConnection } from './connection';
import { FtpError, errorText, scrub } from './errors';

export interface FolderCheck {
  role: string;
  path: string;
  exists: boolean;
  files?: number;
  error?: string;
}

export interface ConnectionReport {
  ok: boolean;
  server: string;
  message: string;
  home?: string;
  tls?: { protocol: string | null; fingerprint256: string; subject: string; validTo: string };
  folders?: FolderCheck[];
  /** The certificate the server presented when it was refused. */
  presentedCertificate?: { fingerprint256: string; subject: string; issuer: string; validTo: string };
}

function describeName(n: unknown): string {
  if (!n || typeof n !== 'object') return '';
  return Object.entries(n as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

async function probeCertificate(o: FtpServerOptions): Promise<ConnectionReport['presentedCertificate']> {
  const client = await openClient({ ...o, rejectUnauthorized: false, ca: undefined, fingerprint: undefined }, { login: false });
  try {
    const c = (client.ftp.socket as TLSSocket).getPeerCertificate();
    return { fingerprint256: c.fingerprint256, subject: describeName(c.subject), issuer: describeName(c.issuer), validTo: c.valid_to };
  } finally {
    client.close();
  }
}

export async function testConnection(o: FtpServerOptions, folders: Record<string, string>): Promise<ConnectionReport> {
  const server = `${o.secure && o.secure !== 'none' ? 'ftps' : 'ftp'}://${o.host}:${o.port ?? (o.secure === 'implicit' ? 990 : 21)}`;
  const conn = new FtpConnection({ ...o, reconnectMinMs: 0 });
  try {
    const report = await conn.run('test', async (s) => {
      const checks: FolderCheck[] = [];
      for (const [role, folder] of Object.entries(folders)) {
        const p = s.abs(folder);
        try {
          if (!(await s.isDir(p))) {
            checks.push({ role, path: p, exists: false });
            continue;
          }
          const entries = await s.list(p);
          checks.push({ role, path: p, exists: true, files: entries.filter((e) => e.type === 'file').length });
        } catch (err) {
          const e = err as FtpError;
          if (e.code === 'FTP_CONNECTION_LOST') throw err;
          checks.push({ role, path: p, exists: false, error: scrub(e.message, [o.password]) });
        }
      }
      const tls = s.tls();
      return { home: s.home, folders: checks, ...(tls ? { tls } : {}) };
    });
    const missing = (report.folders ?? []).filter((f) => !f.exists).map((f) => f.role);
    return {
      ok: true,
      server,
      message: missing.length ? `connected; missing folders (created on first use): ${missing.join(', ')}` : 'connected; all folders found',
      ...report,
    };
  } catch (err) {
    const message = scrub(errorText(err), [o.password]);
    const out: ConnectionReport = { ok: false, server, message };
    if (err instanceof FtpError && err.code === 'FTP_TLS' && o.secure && o.secure !== 'none') {
      try {
        out.presentedCertificate = await probeCertificate(o);
      } catch {
        // the probe is a courtesy; the error above already says what failed
      }
    }
    return out;
  } finally {
    await conn.close(0);
  }
}

/** The editor's placeholder for a password it has but does not show. */
const KEPT_PASSWORD = '__PWRD__';

/**
 * The login for a connection test: what the dialog sent; where it sent no password (or the
 * editor's placeholder for the saved one), the deployed server's saved login, but only while the
 * dialog still points at the host and port it was saved for: a stored password never goes to
 * another server (a dialog whose host or port was changed must have the password typed again).
 */
export function testCredentials(
  sent: { user?: unknown; password?: unknown },
  target: { host: string; port: number },
  saved?: { options?: { host: string; port?: number }; credentials?: { user?: string; password?: string } },
): { user?: string; password?: string } {
  let password = typeof sent.password === 'string' ? sent.password : undefined;
  let user = typeof sent.user === 'string' ? sent.user : undefined;
  if (saved && (!password || password === KEPT_PASSWORD)) {
    const o = saved.options;
    const stored = saved.credentials;
    if (o && stored && o.host === target.host && o.port === target.port) {
      password = stored.password;
      if (!user) user = stored.user;
    }
  }
  if (password === KEPT_PASSWORD) password = undefined;
  return { user, password };
}
