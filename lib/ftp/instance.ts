/**
 * Who this Node-RED runtime is in claim and temporary names: an id kept in a file of the data
 * folder (so a restarted runtime recognises its own claims at once) plus the host name (so two
 * containers started from one image, or sharing one mounted user directory, are still two).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const known = new Map<string, string>();

function sha1(text: string, chars: number): string {
  return createHash('sha1').update(text).digest('hex').slice(0, chars);
}

/**
 * The id in `<dataDir>/instance-id` (8 hex digits), made once: two runtimes starting together
 * on one folder agree on the one written first.
 */
export function instanceId(dataDir: string): string {
  const cached = known.get(dataDir);
  if (cached) return cached;
  const file = path.join(dataDir, 'instance-id');
  let id: string | undefined;
  try {
    id = fs.readFileSync(file, 'utf8').trim();
  } catch {
    id = undefined;
  }
  if (!id || !/^[a-f0-9]{8}$/.test(id)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const fresh = randomBytes(4).toString('hex');
    try {
      fs.writeFileSync(file, fresh + '\n', { flag: 'wx' });
      id = fresh;
    } catch {
      id = fs.readFileSync(file, 'utf8').trim();
    }
  }
  known.set(dataDir, id);
  return id;
}

/** The runtime's identity: the data folder's id plus the host name's hash. */
export function runtimeId(dataDir: string): string {
  return instanceId(dataDir) + sha1(os.hostname(), 4);
}

/** The identity of one node of this runtime (a poller's claim owner). */
export function ownerFor(dataDir: string, nodeId: string): string {
  return runtimeId(dataDir) + sha1(nodeId, 6);
}

/** A node id as a file name (its own folder under outbox/ or spool/). */
export function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
