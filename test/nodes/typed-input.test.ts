/**
 * TypedInput properties in a real Node-RED runtime (node-red-node-test-helper): pyramid-ftp-out's
 * folder and file name (against an embedded FTP server) and a message node's code page, each read
 * from msg., flow. and env., evaluated by Node-RED's own RED.util.evaluateNodeProperty; a flow
 * saved before the properties had a type (no `...Type`) behaves as it always did.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseMessage } from '../../lib';
import { filesIn, startFtpServer, tempDir, waitFor, type FtpTestServer } from '../ftp/fixtures';
import { collect, credentials, ftpFlow, ftpNodes } from '../ftp/nodered';
import { helper, nodeFile, type NodeMessage } from '../support/nodered';
import { repoRoot } from '../support/paths';

interface ContextNode {
  context(): { flow: { set(key: string, value: unknown): void } };
}

function flowContext(id: string): { set(key: string, value: unknown): void } {
  return (helper.getNode(id) as unknown as ContextNode).context().flow;
}

/** The flow with environment variables on its tab (the flow's "Environment Variables"). */
function withEnv(flow: object[], env: Record<string, string>): object[] {
  return flow.map((n) =>
    (n as { type: string }).type === 'tab' ? { ...n, env: Object.entries(env).map(([name, value]) => ({ name, value, type: 'str' })) } : n,
  );
}

describe('pyramid-ftp-out: folder and file name as TypedInput', () => {
  let server: FtpTestServer;
  beforeEach(async () => {
    server = await startFtpServer();
    helper.settings({ userDir: tempDir('userdir') });
    for (const d of ['in/web', 'in/b2b', 'in/env']) fs.mkdirSync(server.local(d), { recursive: true });
  });
  afterEach(async () => {
    await helper.unload();
    await server.stop();
  });

  it('reads the file name from msg., flow. and env., and the folder from msg., flow. and env.', async () => {
    const flow = withEnv(
      ftpFlow(server, { in: false, out: { filename: 'FILE', filenameType: 'env', folder: 'FOLDER', folderType: 'env' } }),
      { FILE: 'Order_ENV.xml', FOLDER: '/in/env' },
    );
    await helper.load(ftpNodes, flow, credentials(server));
    const sent = collect('sent');
    helper.getNode('out').receive({ payload: '<Order/>' });
    await waitFor(() => sent.length === 1, 'env upload');
    assert.deepEqual(filesIn(server.local('in/env')), ['Order_ENV.xml']);
    assert.equal((sent[0].pyramid as { upload: { path: string } }).upload.path, '/in/env/Order_ENV.xml');
    await helper.unload();

    await helper.load(
      ftpNodes,
      ftpFlow(server, { in: false, out: { filename: 'pyramid.name', filenameType: 'msg', folder: 'target', folderType: 'msg' } }),
      credentials(server),
    );
    const sent2 = collect('sent');
    helper.getNode('out').receive({ payload: '<Order/>', pyramid: { name: 'Order_MSG.xml' }, target: '/in/web' });
    await waitFor(() => sent2.length === 1, 'msg upload');
    assert.deepEqual(filesIn(server.local('in/web')), ['Order_MSG.xml']);
    await helper.unload();

    await helper.load(
      ftpNodes,
      ftpFlow(server, { in: false, out: { filename: 'nextName', filenameType: 'flow', folder: 'b2bFolder', folderType: 'flow' } }),
      credentials(server),
    );
    const sent3 = collect('sent');
    flowContext('out').set('nextName', 'Order_FLOW.xml');
    flowContext('out').set('b2bFolder', '/in/b2b');
    helper.getNode('out').receive({ payload: '<Order/>' });
    await waitFor(() => sent3.length === 1, 'flow upload');
    assert.deepEqual(filesIn(server.local('in/b2b')), ['Order_FLOW.xml']);
  });

  it('a flow without the types keeps working: the folder and the name template are fixed text', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false, out: { folder: '/in/web', filename: 'Order_{{pyramid.orderId}}.xml' } }), credentials(server));
    const sent = collect('sent');
    helper.getNode('out').receive({ payload: '<Order/>', pyramid: { orderId: '77' } });
    await waitFor(() => sent.length === 1, 'uploaded');
    assert.deepEqual(filesIn(server.local('in/web')), ['Order_77.xml']);
  });

  it('an empty or unsafe value is an error naming the property, and nothing is written', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false, out: { filename: 'name', filenameType: 'msg', folder: 'dir', folderType: 'msg' } }), credentials(server));
    const caught = collect('caught');
    const out = helper.getNode('out');
    out.receive({ payload: 'x', name: '' });
    out.receive({ payload: 'x', name: '../escape.xml' });
    out.receive({ payload: 'x', name: 'Ok.xml', dir: '/in/../../etc' });
    out.receive({ payload: 'x', name: { not: 'text' } });
    await waitFor(() => caught.length === 4, 'four errors');
    // each msg is handled on its own: the errors may arrive in any order
    const texts = caught.map((m) => String((m.error as { message: string }).message));
    for (const re of [/msg\.name is empty/, /msg\.name "\.\.\/escape\.xml" contains a path separator/, /msg\.dir "\/in\/\.\.\/\.\.\/etc"/, /msg\.name is object, not text/]) {
      assert.ok(texts.some((x) => re.test(x)), `${re} in ${JSON.stringify(texts)}`);
    }
    for (const d of ['in', 'in/web', 'in/b2b', 'in/env']) assert.deepEqual(filesIn(server.local(d)), [], d);
  });

  it('an unknown type is refused at deploy: every msg fails with its name', async () => {
    await helper.load(ftpNodes, ftpFlow(server, { in: false, out: { filename: 'x', filenameType: 'jsonata' } }), credentials(server));
    const caught = collect('caught');
    helper.getNode('out').receive({ payload: 'x' });
    await waitFor(() => caught.length === 1, 'refused');
    assert.match(String((caught[0].error as { message: string }).message), /filename: type "jsonata" is not one of str, msg, flow, global, env/);
  });
});

describe('message node: the code page as TypedInput', () => {
  const messageNodes = nodeFile('pyramid-messages');
  const model = parseMessage('stock', fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'messages', 'stock.xml')));

  function flow(node: Record<string, unknown>, env: Record<string, string> = {}): object[] {
    return withEnv(
      [
        { id: 'f1', type: 'tab', label: 'messages' },
        { id: 'm', z: 'f1', type: 'pyramid-stock', mode: 'build', output: 'buffer', wires: [['res']], ...node },
        { id: 'res', z: 'f1', type: 'helper', wires: [] },
        { id: 'c1', z: 'f1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'f1', type: 'helper', wires: [] },
      ],
      env,
    );
  }

  async function build(node: Record<string, unknown>, msg: NodeMessage, env: Record<string, string> = {}, before?: () => void): Promise<NodeMessage> {
    await helper.load(messageNodes, flow(node, env));
    before?.();
    const got: NodeMessage[] = [];
    helper.getNode('res').on('input', (m) => got.push(m));
    helper.getNode('caught').on('input', (m) => got.push(m));
    helper.getNode('m').receive({ payload: structuredClone(model), ...msg });
    await waitFor(() => got.length === 1, 'a result');
    await helper.unload();
    return got[0];
  }

  function encodingOf(m: NodeMessage): unknown {
    return (m.pyramid as { encoding?: unknown } | undefined)?.encoding;
  }

  it('from msg., flow. and env.; older flows (no type) and an empty value as before', async () => {
    assert.equal(encodingOf(await build({ encoding: 'codePage', encodingType: 'msg' }, { codePage: 'windows-1252' })), 'windows-1252');
    assert.equal(encodingOf(await build({ encoding: 'PYRAMID_CP', encodingType: 'env' }, {}, { PYRAMID_CP: 'iso-8859-1' })), 'iso-8859-1');
    assert.equal(
      encodingOf(await build({ encoding: 'cp', encodingType: 'flow' }, {}, {}, () => flowContext('m').set('cp', 'cp850'))),
      'cp850',
    );
    // a flow saved before the code page had a type
    const old = await build({ encoding: 'windows-1252' }, {});
    assert.equal(encodingOf(old), 'windows-1252');
    assert.ok(Buffer.isBuffer(old.payload) && /^<\?xml version="1.0" encoding="windows-1252"\?>/i.test(old.payload.toString('latin1')));
    // msg.encoding still wins; an empty value is auto (UTF-8 when building)
    assert.equal(encodingOf(await build({ encoding: 'codePage', encodingType: 'msg' }, { codePage: 'cp437', encoding: 'utf-8' })), 'utf-8');
    assert.equal(encodingOf(await build({ encoding: 'codePage', encodingType: 'msg' }, {})), 'utf-8');
  });

  it('a value that is no code page fails the msg with the property named', async () => {
    const bad = await build({ encoding: 'codePage', encodingType: 'msg' }, { codePage: 42.5 });
    assert.ok(bad.error, 'reached Catch');
    const wrongType = await build({ encoding: 'codePage', encodingType: 'msg' }, { codePage: ['utf-8'] });
    assert.match(String((wrongType.error as { message: string }).message), /code page: msg\.codePage is an array, not text/);
  });
});
