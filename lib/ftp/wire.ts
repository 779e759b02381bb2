/**
 * Two savings on the control connection of basic-ftp, per command: no call stack captured for
 * each task (basic-ftp keeps one only to word an error about a misuse we never make), and a
 * rename sent as RNFR and RNTO in one write (one round trip instead of two), with a fallback to
 * one command at a time for a server that does not read pipelined commands in order.
 */
import type { Client, FTPResponse } from 'basic-ftp';

/**
 * Whether a connection may send RNFR and RNTO together. Kept by the FtpConnection across
 * reconnects: once a server showed it cannot take them together, it never gets them again.
 */
export interface WireCaps {
  pipelineRename: boolean;
}

type Handle = Client['ftp']['handle'];

/**
 * basic-ftp captures `new Error().stack` for every task (to word the error about launching a task
 * while another runs, which our queue never does). Capturing and formatting that stack was the
 * largest cost per command after the socket write itself; here it is captured empty.
 */
export function quietStacks(client: Client): void {
  const ftp = client.ftp;
  const handle: Handle = ftp.handle.bind(ftp);
  ftp.handle = (command, responseHandler) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return handle(command, responseHandler);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

const BAD_SEQUENCE = 503;

/** A server's answer (a response, or an FTPError for a 4xx/5xx), not a socket error (whose code is a string). */
function isReply(r: FTPResponse | Error): boolean {
  return typeof (r as { code?: unknown }).code === 'number';
}

/** One rename of a batch: undefined when done, else why not (the server's answer, or the socket's error). */
export type RenameOutcome = Error | undefined;

/**
 * Renames sent as RNFR and RNTO pairs, all in one write, the answers read in order; one outcome
 * per pair. A pair's first failure is the one reported (a missing source is answered 550 to RNFR
 * and then 503 to the RNTO that followed it: the server renamed nothing). A 350 to RNFR followed
 * by a 503 to RNTO means the server did not take the second command as following the first: that
 * pair is done again one command at a time and the connection never pipelines again. When the
 * socket fails, the pairs answered keep their outcome and the others get the socket's error (a
 * rename whose RNTO was sent may have happened: the caller treats it as a lost connection).
 * Names with a leading space (which basic-ftp resolves against the working folder) or a line
 * break (refused by basic-ftp) take basic-ftp's own way, one at a time.
 */
export async function renames(client: Client, caps: WireCaps, pairs: readonly (readonly [string, string])[]): Promise<RenameOutcome[]> {
  const odd = pairs.some(([from, to]) => from.startsWith(' ') || to.startsWith(' ') || /[\r\n\0]/.test(from + to));
  if (!caps.pipelineRename || odd || pairs.length === 0 || client.closed) return oneByOne(client, pairs, pairs.map(() => true));
  const ftp = client.ftp;
  const out: (RenameOutcome | 'redo')[] = [];
  let first: FTPResponse | Error | undefined;
  let failed = false;
  const answer = ftp.handle(undefined, (res, task) => {
    if (!isReply(res)) {
      // The socket failed or timed out. After a 350 to RNFR that means RNTO was never answered:
      // perhaps a server that drops what follows a command in the same packet, so never again.
      if (first !== undefined && !(first instanceof Error) && first.code === 350) caps.pipelineRename = false;
      failed = true;
      while (out.length < pairs.length) out.push(res as Error);
      task.resolve(undefined);
      return;
    }
    if (first === undefined) {
      first = res;
      return;
    }
    const rnfr: FTPResponse | Error = first;
    first = undefined;
    if (rnfr instanceof Error) out.push(rnfr);
    else if (!(res instanceof Error)) out.push(undefined);
    else if (rnfr.code === 350 && (res as { code?: unknown }).code === BAD_SEQUENCE) out.push('redo');
    else out.push(res);
    if (out.length === pairs.length) task.resolve(undefined);
  }) as Promise<unknown>;
  // Nothing is written when the client turned out to be closed (handle settled at once).
  if (!failed) ftp.socket.write(pairs.map(([from, to]) => `RNFR ${from}\r\nRNTO ${to}\r\n`).join(''), ftp.encoding);
  await answer;
  if (!out.includes('redo')) return out as RenameOutcome[];
  caps.pipelineRename = false;
  const again = await oneByOne(client, pairs, out.map((x) => x === 'redo'));
  return out.map((x, i) => (x === 'redo' ? again[i] : x));
}

/** The pairs marked, one command at a time (basic-ftp's rename); the others are left undefined. */
async function oneByOne(client: Client, pairs: readonly (readonly [string, string])[], which: boolean[]): Promise<RenameOutcome[]> {
  const out: RenameOutcome[] = [];
  let lost: Error | undefined;
  for (let i = 0; i < pairs.length; i++) {
    if (!which[i]) {
      out.push(undefined);
      continue;
    }
    if (lost) {
      out.push(lost);
      continue;
    }
    try {
      await client.rename(pairs[i][0], pairs[i][1]);
      out.push(undefined);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      out.push(e);
      if (!isReply(e)) lost = e;
    }
  }
  return out;
}

/** One rename (RNFR and RNTO in one write where the server allows): rejects with the reason it was not done. */
export async function rename(client: Client, caps: WireCaps, from: string, to: string): Promise<void> {
  const [outcome] = await renames(client, caps, [[from, to]]);
  if (outcome) throw outcome;
}
