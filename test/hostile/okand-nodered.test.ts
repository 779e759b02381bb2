/*
 * A hostile file from Pyramid's out-folder, through Node-RED as an integrator wires it:
 *   pyramid-ftp-in (manual ack) -> pyramid-stock (split into batches) -> helper
 *   catch (scoped to pyramid-stock) -> change (action reject, reason = the error) -> pyramid-ftp-out
 * The file is a well-formed 200 MB Lagersaldo made only of <Okand> elements, generated into a temp
 * directory for this run (never committed). It must end in error/ with its .reason.txt, the error
 * must be clear, and the process (which also runs the FTP server and the test) must stay under
 * 512 MB resident: sampled every 25 ms while the file moves and is read, and the process's maxRSS.
 * Both the node's split mode (streamed) and its default (a whole read) are run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesIn, startFtpServer, tempDir, waitFor, type FtpTestServer } from '../ftp/fixtures';
import { credentials, ftpFlow, ftpNodes, helper, type NodeMessage } from '../ftp/nodered';
import { nodeFile } from '../support/nodered';

const MB = 1024 * 1024;
const SIZE = 200 * MB;
const RSS_LIMIT = 512 * MB;
const NAME = 'Lagersaldo_20261128T101500000_0001.xml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const changeNode = require('@node-red/nodes/core/function/15-change.js') as (red: object) => void;
const messageNodes = nodeFile('pyramid-messages');

/** Write `size` bytes of a well-formed Lagersaldo holding only <Okand> elements. */
function writeOkandFile(file: string, size: number): void {
  const fd = fs.openSync(file, 'w');
  let written = fs.writeSync(fd, '<?xml version="1.0" encoding="UTF-8"?>\n<Lagersaldo version="1" skapad="2026-11-28T10:15:00+01:00" omfattning="full">\n');
  let block = '';
  for (let n = 0; block.length < MB; n++) block += `  <Okand><Kod>${String(n).padStart(8, '0')}</Kod><Text>okänt element</Text></Okand>\n`;
  const chunk = Buffer.from(block);
  while (written < size) written += fs.writeSync(fd, chunk);
  fs.writeSync(fd, '</Lagersaldo>\n');
  fs.closeSync(fd);
}

let server: FtpTestServer;
let work: string;

describe('a 200 MB Lagersaldo of <Okand> elements through Node-RED', () => {
  before(async () => {
    server = await startFtpServer();
    work = tempDir('hostile');
    fs.mkdirSync(server.local('out'), { recursive: true });
    writeOkandFile(path.join(work, NAME), SIZE);
    // moved in whole: the poller sees a complete file
    fs.renameSync(path.join(work, NAME), server.local('out', NAME));
    helper.settings({ userDir: work });
  });
  after(async () => {
    await helper.unload();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(server.root, { recursive: true, force: true });
  });

  /** The flow: ftp-in -> pyramid-stock -> got; catch(stock) -> change (reject) -> ftp-out. */
  function flowWith(split: 'batch' | 'none'): object[] {
    const flow = ftpFlow(server, { in: { ack: 'manual', spoolMb: 16 } }).filter((n) => (n as { id: string }).id !== 'c1');
    const inNode = flow.find((n) => (n as { id: string }).id === 'in') as { wires: string[][] };
    inNode.wires = [['stock']];
    flow.push(
      { id: 'stock', z: 'f1', type: 'pyramid-stock', name: '', mode: 'auto', part: 'file', split, batchSize: 100, invalid: 'fail', encoding: 'auto', output: 'buffer', wires: [['got'], ['bad']] },
      { id: 'bad', z: 'f1', type: 'helper', wires: [] },
      { id: 'cs', z: 'f1', type: 'catch', scope: ['stock'], uncaught: false, wires: [['reject', 'caught']] },
      {
        id: 'reject',
        z: 'f1',
        type: 'change',
        rules: [
          { t: 'set', p: 'action', pt: 'msg', to: 'reject', tot: 'str' },
          { t: 'set', p: 'reason', pt: 'msg', to: 'error.message', tot: 'msg' },
        ],
        wires: [['out']],
      },
      { id: 'caught', z: 'f1', type: 'helper', wires: [] },
    );
    return flow;
  }

  async function run(split: 'batch' | 'none', expected: RegExp): Promise<void> {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const t0 = Date.now();
    try {
      await helper.load([ftpNodes, messageNodes, changeNode], flowWith(split), credentials(server));
      const got: NodeMessage[] = [];
      const caught: NodeMessage[] = [];
      const sent: NodeMessage[] = [];
      helper.getNode('got').on('input', (m) => got.push(m));
      helper.getNode('caught').on('input', (m) => caught.push(m));
      helper.getNode('sent').on('input', (m) => sent.push(m));

      await waitFor(() => filesIn(server.local('out/error')).length === 2, 'the file and its reason in error/', 55_000);
      await waitFor(() => sent.length === 1, 'pyramid-ftp-out reported the reject');
      // the true peak of this process (its own, under node --test) as well as the samples
      peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

      const err = caught[0].error as { message: string };
      process.stdout.write(
        `# split ${split}: rejected after ${Date.now() - t0} ms; RSS ${(base / MB).toFixed(0)} MB at start, peak ${(peak / MB).toFixed(0)} MB ` +
          `\n# ${err.message}\n`,
      );
      assert.equal(got.length, 0, 'no batch left the message node');
      assert.match(err.message, expected);
      assert.deepEqual(filesIn(server.local('out/error')), [NAME, `${NAME}.reason.txt`]);
      assert.match(fs.readFileSync(server.local('out/error', `${NAME}.reason.txt`), 'utf8'), expected);
      assert.ok(fs.statSync(server.local('out/error', NAME)).size > SIZE, 'the whole file was kept');
      assert.deepEqual(filesIn(server.local('out/processing')), []);
      assert.deepEqual(filesIn(server.local('out')), []);
      assert.ok(peak <= RSS_LIMIT, `peak RSS ${(peak / MB).toFixed(0)} MB is over 512 MB`);
    } finally {
      clearInterval(sampler);
      await helper.unload();
    }
  }

  it('split into batches (streamed): the dialect error as soon as it is certain, error/ with its reason, under 512 MB', async () => {
    await run(
      'batch',
      new RegExp(`${NAME.replace(/\./g, '\\.')}: Lagersaldo has no <Artikelsaldo> records but more than 10000 unknown elements \\(reached at <Okand>, line \\d+\\): the file does not follow this message's dialect`),
    );
  });

  it('read whole (the node default): refused before it is read, error/ with its reason, under 512 MB', async () => {
    // the same file again, from the out-folder
    fs.renameSync(server.local('out/error', NAME), server.local('out', NAME));
    fs.rmSync(server.local('out/error', `${NAME}.reason.txt`));
    await run('none', /Lagersaldo_20261128T101500000_0001\.xml: 200\.\d MiB is more than a whole read takes \(option maxDocumentBytes, 64\.0 MiB\): read it as a stream/);
  });
});
