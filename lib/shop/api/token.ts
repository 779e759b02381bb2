/**
 * Bearer tokens issued by the B2B login endpoint: `v1.<payload>.<mac>`, both parts base64url, the
 * payload a small JSON object (customer number, contact id, issued-at and expiry in unix seconds)
 * and the mac an HMAC-SHA256 of `v1.<payload>` with the token-signing secret. Stateless: any
 * Node-RED instance with the same secret accepts it until it expires; changing the secret revokes
 * every token.
 */
import * as crypto from 'node:crypto';

export interface TokenClaims {
  /** Pyramid customer number the token may act for. */
  customerNumber: string;
  /** Pyramid contact id of the user who logged in. */
  contactId?: string;
  /** Issued at, unix seconds. */
  iat: number;
  /** Expires at, unix seconds. */
  exp: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' };

const PREFIX = 'v1';

function mac(secret: string, data: string): string {
  return crypto.createHmac('sha256', secret).update(data).digest('base64url');
}

export function issueToken(secret: string, subject: { customerNumber: string; contactId?: string }, lifetimeSeconds: number, now = Date.now()): { token: string; claims: TokenClaims } {
  if (!secret) throw new Error('issueToken: the token-signing secret is empty');
  if (!subject.customerNumber) throw new Error('issueToken: no customer number');
  const iat = Math.floor(now / 1000);
  const claims: TokenClaims = { customerNumber: String(subject.customerNumber), iat, exp: iat + Math.max(1, Math.floor(lifetimeSeconds)) };
  if (subject.contactId !== undefined && subject.contactId !== '') claims.contactId = String(subject.contactId);
  const body = Buffer.from(JSON.stringify({ c: claims.customerNumber, k: claims.contactId, iat: claims.iat, exp: claims.exp })).toString('base64url');
  const signed = `${PREFIX}.${body}`;
  return { token: `${signed}.${mac(secret, signed)}`, claims };
}

/** Checks a token (or an `Authorization` header value `Bearer <token>`). */
export function verifyToken(secret: string, tokenOrHeader: unknown, now = Date.now()): TokenCheck {
  if (typeof tokenOrHeader !== 'string' || !tokenOrHeader) return { ok: false, reason: 'missing' };
  let token = tokenOrHeader.trim();
  const bearer = /^bearer\s+(\S+)$/i.exec(token);
  if (bearer) token = bearer[1];
  if (!secret) return { ok: false, reason: 'signature' };
  if (token.length > 2048) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]) || !/^[A-Za-z0-9_-]+$/.test(parts[2])) return { ok: false, reason: 'malformed' };
  const want = Buffer.from(mac(secret, `${parts[0]}.${parts[1]}`));
  const got = Buffer.from(parts[2]);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got)) return { ok: false, reason: 'signature' };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object' || typeof o.c !== 'string' || typeof o.iat !== 'number' || typeof o.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (now / 1000 >= o.exp) return { ok: false, reason: 'expired' };
  const claims: TokenClaims = { customerNumber: o.c, iat: o.iat, exp: o.exp };
  if (typeof o.k === 'string') claims.contactId = o.k;
  return { ok: true, claims };
}
