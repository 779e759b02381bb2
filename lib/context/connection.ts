/**
 * The Redis connection of the context store: the optional @redis/client loaded on demand, a client
 * that fails at once while Redis is away (no offline queue) and reconnects with backoff, the
 * compare-and-set script for nested writes, and URL/glob helpers for messages and scans.
 */
import type { createClient as CreateClient } from '@redis/client';

// Compare-and-set of one hash field: KEYS[1] the hash, ARGV = field, expected-absent flag,
// expected value, delete flag, new value. 1 when written, 0 when the field changed meanwhile.
export const CAS = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  if cur then return 0 end
elseif cur ~= ARGV[3] then
  return 0
end
if ARGV[4] == '1' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[5]) end
return 1`;

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => '\\' + c);
}

/** @redis/client is an optional peer dependency: loaded when a Redis store is configured. */
export function redisClient(): typeof CreateClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@redis/client') as { createClient: typeof CreateClient }).createClient;
  } catch {
    throw new Error('the Redis context store needs the package @redis/client: run `npm install @redis/client` in the Node-RED user directory');
  }
}

export function makeClient(url: string, connectTimeout: number, timeout: number) {
  const createClient = redisClient();
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout },
    socket: {
      connectTimeout,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5_000),
    },
  });
}
export type Client = ReturnType<typeof makeClient>;
