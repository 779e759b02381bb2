/**
 * Web-login passwords: kept only as a salted scrypt hash. The plain password of a demo user exists
 * in the return value of createPyramid (for the person running the demo) and nowhere else: it is
 * never logged, echoed in a response or stored.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { LoginSecret } from './types';

const KEY_LENGTH = 64;
const OPTIONS: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, OPTIONS, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<LoginSecret> {
  const salt = randomBytes(16);
  return { salt, hash: await derive(password, salt), failures: 0, locked: false };
}

/**
 * A login whose password nobody knows: a random salt and a random key in place of the hash of a
 * password chosen by the contact. The register's other web users look like this, so only the demo
 * users can log in, and start-up does not spend seconds hashing passwords nobody will type.
 */
export function unknownPassword(): LoginSecret {
  return { salt: randomBytes(16), hash: randomBytes(KEY_LENGTH), failures: 0, locked: false };
}

/** Constant-time comparison of a password with a stored hash. */
export async function verifyPassword(secret: LoginSecret, password: string): Promise<boolean> {
  const key = await derive(password, secret.salt);
  return key.length === secret.hash.length && timingSafeEqual(key, secret.hash);
}

/** Spend the same time on an unknown user name as on a known one. */
const DUMMY: LoginSecret = unknownPassword();
export async function burnVerify(password: string): Promise<void> {
  await verifyPassword(DUMMY, password);
}
