/**
 * The four ways a Pyramid WTS host (or what sits in front of it) may want a caller to identify
 * itself. HTTP basic applies to every request including the WSDL fetch; the two SOAP-header kinds
 * only exist inside an envelope, so the WSDL fetch of such an endpoint is anonymous.
 */
import { escapeAttr, escapeText } from '../xml';
import { WsError } from './errors';

/** The WTS namespace; AuthHeader lives in it. */
export const PWS_NS = 'http://www.unikum.se/pws';

export type AuthConfig =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  /** WTS `AuthHeader` SOAP header: `Id` (a secret) and `Routine`. */
  | { type: 'authheader'; id: string; routine?: string }
  /** WS-Security UsernameToken. */
  | { type: 'wsse'; username: string; password: string; passwordType?: 'text' | 'digest'; timestamp?: boolean };

export type AuthType = AuthConfig['type'];
export const AUTH_TYPES: readonly AuthType[] = ['none', 'basic', 'authheader', 'wsse'];

/** The literal secret values of a configuration, to be masked wherever text leaves this package. */
export function authSecrets(auth: AuthConfig | undefined): string[] {
  if (!auth) return [];
  switch (auth.type) {
    case 'basic':
    case 'wsse':
      return [auth.password];
    case 'authheader':
      return [auth.id];
    default:
      return [];
  }
}

/** HTTP headers every request of this endpoint carries. */
export function authHttpHeaders(auth: AuthConfig | undefined): Record<string, string> {
  if (auth?.type !== 'basic') return {};
  if (auth.username.includes(':')) {
    throw new WsError('WS_CONFIG', 'HTTP basic authentication: the user name cannot contain ":"');
  }
  return { Authorization: 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64') };
}

/** The `<AuthHeader>` SOAP header element, in the WTS namespace. */
export function authHeaderXml(id: string, routine: string | undefined, namespace = PWS_NS): string {
  return (
    `<AuthHeader xmlns="${escapeAttr(namespace)}">` +
    `<Id>${escapeText(id)}</Id>` +
    (routine ? `<Routine>${escapeText(routine)}</Routine>` : '') +
    '</AuthHeader>'
  );
}

/** Validate a configuration early, with a sentence that says what to fill in. */
export function checkAuth(auth: AuthConfig | undefined): void {
  if (!auth || auth.type === 'none') return;
  if (!AUTH_TYPES.includes(auth.type)) throw new WsError('WS_CONFIG', `unknown authentication "${String(auth.type)}"`);
  if ((auth.type === 'basic' || auth.type === 'wsse') && !auth.username) {
    throw new WsError('WS_CONFIG', `${auth.type === 'basic' ? 'HTTP basic' : 'WS-Security'} authentication needs a user name`);
  }
  if (auth.type === 'authheader' && !auth.id) throw new WsError('WS_CONFIG', 'AuthHeader authentication needs an Id');
}
