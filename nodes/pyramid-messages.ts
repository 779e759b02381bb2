/**
 * The message nodes: one implementation, registered once per catalogue type (`pyramid-article`,
 * `pyramid-order`, ...), so a new message type needs no new node file. XML in -> validated JSON
 * model out (parse); JSON in -> XML in the chosen code page out (build); JSON in -> normalised JSON
 * out (validate). Big out-messages are split into records or batches that Node-RED's join node
 * reassembles. Every piece of Pyramid knowledge lives in lib/messages; this file reads the
 * configuration, calls it, and reports.
 */
import {
  buildMessage,
  buildMessageText,
  catalogue,
  defaultPart,
  fileNameFor,
  mayCollectInvalid,
  MessageError,
  openBatches,
  partsOf,
  readMessage,
  readSource,
  recordCount,
  validateModel,
  type BatchSource,
  type MessageDescriptor,
  type Part,
} from '../lib/messages';
import { readCodePage, writeCodePage } from '../lib/messages/codepage';
import { autoMode, describeValue, failureStatus, fileNameOf, grouped, InputError, MessageMsgs, modelOf, xmlSourceOf, type Msg } from '../lib/messages/msgs';
import { DocumentSecrets } from '../lib/messages/secrets';
import { Sequence } from '../lib/messages/sequence';
import { InFlightWindow, type Hooks } from '../lib/messages/window';
import { ops } from '../lib/ops';
import { cachedTranslate, numberProperty, type Done, type Node, type NodeAPI, type NodeDef, type NodeMessage, type Send } from './red';
import { evaluateText, typedProperty, type TypedProperty } from './typed-property';

/**
 * The runtime's messaging hooks: RED.hooks, or (where the node API object lacks it, as in
 * node-red-node-test-helper) the runtime's own @node-red/util, which is the same registry.
 */
function hooksOf(RED: NodeAPI): Hooks | undefined {
  const own = (RED as { hooks?: Hooks }).hooks;
  if (own && typeof own.add === 'function') return own;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const util = require('@node-red/util') as { hooks?: Hooks };
    return util.hooks && typeof util.hooks.add === 'function' ? util.hooks : undefined;
  } catch {
    return undefined;
  }
}

// ---- configuration ----------------------------------------------------------------------------

type Mode = 'auto' | 'parse' | 'build' | 'validate';
type SplitMode = 'none' | 'record' | 'batch';

interface MessageNodeConfig extends NodeDef {
  mode?: Mode;
  part?: Part;
  encoding?: string;
  /** TypedInput type of `encoding` (str, msg, flow, global, env); absent in older flows: str. */
  encodingType?: string;
  output?: 'buffer' | 'string';
  split?: SplitMode;
  batchSize?: number | string;
  invalid?: 'fail' | 'output';
  /** Split msgs in flight at most (0: no limit). */
  window?: number | string;
  /** Seconds after which a msg in flight with no done() counts as consumed. */
  windowTimeout?: number | string;
}

interface Settings {
  part: Part;
  mode: Mode;
  encoding: string;
  output: 'buffer' | 'string';
  split: SplitMode;
  batchSize: number;
  policy: 'fail' | 'collect';
  window: number;
  windowTimeoutMs: number;
}

const DEFAULT_BATCH = 1000;
/** Split msgs in flight by default: bounded memory behind a slow consumer, enough to keep a fast one busy. */
const DEFAULT_WINDOW = 8;
const DEFAULT_WINDOW_TIMEOUT_S = 60;

function settingsOf(d: MessageDescriptor, c: MessageNodeConfig): Settings {
  const part = c.part && partsOf(d).includes(c.part) ? c.part : defaultPart(d);
  return {
    part,
    mode: c.mode === 'parse' || c.mode === 'build' || c.mode === 'validate' ? c.mode : 'auto',
    encoding: c.encoding || 'auto',
    output: c.output === 'string' ? 'string' : 'buffer',
    split: c.split === 'record' || c.split === 'batch' ? c.split : 'none',
    // a batch of one would be an array of one: join would then nest arrays; that is what 'record' is for
    batchSize: Math.floor(numberProperty(c.batchSize, DEFAULT_BATCH, 2)),
    policy: c.invalid === 'output' && mayCollectInvalid(d.type, part) ? 'collect' : 'fail',
    window: Math.floor(numberProperty(c.window, DEFAULT_WINDOW, 0)),
    windowTimeoutMs: Math.floor(numberProperty(c.windowTimeout, DEFAULT_WINDOW_TIMEOUT_S, 1)) * 1000,
  };
}

interface Job {
  stopped: boolean;
}

// ---- the nodes --------------------------------------------------------------------------------

export = function register(RED: NodeAPI): void {
  const t = cachedTranslate((key, subs) => RED._(`pyramid-messages.${key}`, subs));

  function MessageNode(node: Node, d: MessageDescriptor, config: MessageNodeConfig): void {
    RED.nodes.createNode(node, config);
    const s = settingsOf(d, config);
    // the code page: fixed (str), or read per msg from msg/flow/global/env; a bad type fails each msg
    let encodingProp: TypedProperty | Error;
    try {
      encodingProp = typedProperty(config as unknown as Record<string, unknown>, 'encoding');
    } catch (e) {
      encodingProp = new InputError(`code page: ${(e as Error).message}`, 'CONFIG_INVALID');
    }
    /** The node's code page for the msg being handled (msgs are handled one at a time). */
    let nodeEncoding = s.encoding;
    const jobs = new Set<Job>();
    const secrets = new DocumentSecrets(d, s.part);
    const msgs = new MessageMsgs(d, s.part, (m) => RED.util.cloneMessage(m as NodeMessage) as typeof m, { id: node.id, type: node.type, name: node.name });
    const hooks = s.window > 0 ? hooksOf(RED) : undefined;
    let seq = 0;
    let warnedFile: unknown;
    let currentFile: unknown;
    const win = hooks
      ? new InFlightWindow(hooks, s.window, s.windowTimeoutMs, (_key, ms) => {
          // once per file: a node downstream takes the msgs but never reports them done
          if (warnedFile === currentFile) return;
          warnedFile = currentFile;
          node.warn(t('warn.windowTimeout', { seconds: ms / 1000, window: s.window }));
        })
      : undefined;

    const modeOf = (msg: Msg): Exclude<Mode, 'auto'> => {
      if (s.mode !== 'auto') return s.mode;
      const m = autoMode(msg);
      if (!m) throw new InputError(t('errors.noInput'), 'INPUT_MISSING');
      return m;
    };

    const fileError = (p: string, e: Error): Error => new InputError(t('errors.readFile', { path: p, reason: e.message }), 'FILE_READ');

    const sourceOf = (msg: Msg): BatchSource => {
      const src = xmlSourceOf(msg);
      if (!src) throw new InputError(t('errors.parseInput', { name: d.name, got: describeValue(msg.payload) }), 'INPUT_TYPE');
      return src;
    };

    const modelInput = (msg: Msg, mode: string): object => {
      const model = modelOf(msg);
      if (!model) throw new InputError(t('errors.buildInput', { name: d.name, mode, got: describeValue(msg.payload) }), 'INPUT_TYPE');
      return model;
    };

    const finalStatus = (key: 'parsed' | 'built' | 'valid', count: number, invalid = 0): void => {
      ops.messageDone(node.id, count, invalid); // the operations sidebar's figures
      if (invalid) node.status({ fill: 'yellow', shape: 'dot', text: t('status.parsedInvalid', { count: grouped(count), invalid: grouped(invalid) }) });
      else node.status({ fill: 'green', shape: 'dot', text: t(`status.${key}`, { count: grouped(count) }) });
    };

    /** Progress in the status (lib reports on each new percent, not per batch: the editor gets every one). */
    const progress = (phase: 'checking' | 'progress', done: number, total: number, percent: number, about: boolean): void => {
      if (phase === 'checking') node.status({ fill: 'yellow', shape: 'ring', text: t('status.checking', { percent }) });
      else node.status({ fill: 'blue', shape: 'dot', text: t(about ? 'status.progressAbout' : 'status.progress', { done: grouped(done), total: grouped(Math.max(total, done)) }) });
    };

    // ---- parse / build / validate of a whole message ----

    const parseWhole = async (msg: Msg, send: Send): Promise<void> => {
      const fileName = fileNameOf(msg);
      const input = await readSource(sourceOf(msg), fileError, undefined, fileName);
      const r = readMessage(d.type, input, { encoding: readCodePage(msg.encoding, nodeEncoding), part: s.part, invalid: s.policy, fileName });
      const invalid = r.invalid.map((rec) => msgs.invalid(msg, rec, fileName, r.encoding));
      const count = recordCount(d.type, r.model, s.part);
      msg.payload = r.model;
      msg.pyramid = msgs.info(msg, { count, encoding: r.encoding });
      send([msg, invalid.length ? invalid : null]);
      finalStatus('parsed', count, invalid.length);
    };

    const build = (msg: Msg, send: Send): void => {
      const model = modelInput(msg, 'build');
      // the one code-page decision: the XML declaration names it and msg.pyramid.encoding carries it on
      const encoding = writeCodePage(msg.encoding, nodeEncoding);
      const opts = { encoding, part: s.part };
      const xml = s.output === 'string' ? buildMessageText(d.type, model, opts) : buildMessage(d.type, model, opts);
      const count = recordCount(d.type, model, s.part);
      if (s.part === 'file') {
        seq = (seq % 9999) + 1;
        msg.filename = fileNameFor(d.type, model, { seq });
      }
      msg.payload = xml;
      msg.pyramid = msgs.info(msg, { count, encoding });
      send([msg, null]);
      finalStatus('built', count);
    };

    const validate = (msg: Msg, send: Send): void => {
      const model = validateModel(d.type, modelInput(msg, 'validate'), { part: s.part, fileName: fileNameOf(msg) });
      const count = recordCount(d.type, model, s.part);
      msg.payload = model;
      msg.pyramid = msgs.info(msg, { count });
      send([msg, null]);
      finalStatus('valid', count);
    };

    // ---- split: one msg per record or per batch, as a sequence for the join node ----

    const splitParse = async (msg: Msg, send: Send, job: Job): Promise<void> => {
      const fileName = fileNameOf(msg);
      const perRecord = s.split === 'record';
      const checkStop = (): void => {
        if (job.stopped) throw new InputError(t('errors.stopped', { name: fileName ?? d.name }), 'STOPPED');
      };
      const src = await openBatches(d.type, sourceOf(msg), {
        encoding: readCodePage(msg.encoding, nodeEncoding),
        part: s.part,
        policy: s.policy,
        batchSize: s.batchSize,
        perRecord,
        fileName,
        onProgress: progress,
        checkStop,
        fileError,
      });

      const out = new Sequence(RED.util.generateId(), perRecord ? 1 : s.batchSize, src.messages, (m) => send([m as NodeMessage, null]), win);
      currentFile = out.id;
      /** Wait while the window is full: the file is read no faster than the flow consumes it. */
      const room = async (): Promise<void> => {
        if (win && win.inFlight >= win.size) await win.ready(checkStop);
      };
      let valid = 0;
      let invalid = 0;
      try {
        for await (const b of src.batches()) {
          const base = src.single ? { encoding: b.encoding } : { list: b.list, header: b.header, encoding: b.encoding };
          if (perRecord) {
            for (const rec of b.records) {
              await room();
              out.push(msgs.record(msg, rec, { ...base, count: 1 }));
            }
          } else if (b.records.length) {
            await room();
            out.push(msgs.record(msg, b.records, { ...base, count: b.records.length }));
          }
          for (const rec of b.invalid) send([null, msgs.invalid(msg, rec, fileName, b.encoding) as NodeMessage]);
          valid += b.records.length;
          invalid += b.invalid.length;
        }
        const empty = { ...(await src.emptyHeader()), count: 0 };
        out.end(() => msgs.record(msg, [], empty));
      } catch (e) {
        out.abandon();
        throw e;
      }
      finalStatus('parsed', valid, invalid);
    };

    // ---- one msg ----

    const handle = async (msg: Msg, send: Send, done: Done, job: Job): Promise<void> => {
      try {
        if (job.stopped) throw new InputError(t('errors.stopped', { name: fileNameOf(msg) ?? d.name }), 'STOPPED');
        if (encodingProp instanceof Error) throw encodingProp;
        if (encodingProp.type !== 'str') {
          let v: string | undefined;
          try {
            v = await evaluateText(RED.util, encodingProp, node, msg);
          } catch (e) {
            throw new InputError(`code page: ${(e as Error).message}`, 'ENCODING_PROPERTY');
          }
          nodeEncoding = v ?? 'auto';
        }
        const mode = modeOf(msg);
        if (mode === 'build') build(msg, send);
        else if (mode === 'validate') validate(msg, send);
        else if (s.split !== 'none') await splitParse(msg, send, job);
        else await parseWhole(msg, send);
        done();
      } catch (e) {
        // no login password in what is shown: the error's text and issues, and the msg a Catch node gets a copy of
        const err = secrets.maskError(e, msg.payload, t('errors.secretHidden'));
        msg.payload = secrets.redact(msg.payload);
        // Node-RED copies only message, code and stack onto a Catch node's msg.error: the issues
        // travel on the msg itself
        if (err instanceof MessageError) msg.pyramid = msgs.info(msg, { issues: err.issues });
        const reason = failureStatus(err);
        node.status({ fill: 'red', shape: 'ring', text: t(`status.${reason.key}`, reason.subs) });
        // the operations sidebar's last error (a file stopped by a redeploy is not a failure of the file)
        const code = (err as { code?: string })?.code;
        if (code !== 'STOPPED') ops.messageFailed(node.id, err instanceof Error ? err.message : String(err), code);
        done(err instanceof Error ? err : new Error(String(err)));
      } finally {
        jobs.delete(job);
      }
    };

    // One msg at a time, in arrival order: Lagersaldo deltas applied out of order would leave stale
    // stock, and a big file being split must not interleave with the next one.
    let queue: Promise<void> = Promise.resolve();
    node.on('input', (msg, send, done) => {
      const job: Job = { stopped: false };
      jobs.add(job);
      queue = queue.then(() => handle(msg, send, done, job));
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      for (const j of jobs) j.stopped = true;
      win?.stop();
      jobs.clear();
      node.status({});
      done();
    });
  }

  /**
   * The constructor of one message type's node: the shared implementation, bound to the catalogue
   * descriptor. A type the catalogue does not know fails here, at load time, with its name.
   */
  const messageNode = (type: string): ((this: Node, config: MessageNodeConfig) => void) => {
    const d = catalogue.find((c) => c.type === type);
    if (!d) throw new Error(`pyramid-messages: the catalogue has no message type "${type}"`);
    return function (this: Node, config: MessageNodeConfig) {
      MessageNode(this, d, config);
    };
  };

  // One literal call per type, not a loop over the catalogue: the Flow Library's scorecard
  // (node-red-dev validate) reads the node types from these calls without running the file.
  // test/compat/registration.test.ts checks this list against the catalogue.
  RED.nodes.registerType('pyramid-base-data', messageNode('base-data'));
  RED.nodes.registerType('pyramid-article', messageNode('article'));
  RED.nodes.registerType('pyramid-kit-article', messageNode('kit-article'));
  RED.nodes.registerType('pyramid-order', messageNode('order'));
  RED.nodes.registerType('pyramid-quote', messageNode('quote'));
  RED.nodes.registerType('pyramid-order-status', messageNode('order-status'));
  RED.nodes.registerType('pyramid-order-history', messageNode('order-history'));
  RED.nodes.registerType('pyramid-customer', messageNode('customer'));
  RED.nodes.registerType('pyramid-contact', messageNode('contact'));
  RED.nodes.registerType('pyramid-login', messageNode('login'));
  RED.nodes.registerType('pyramid-stock', messageNode('stock'));
  RED.nodes.registerType('pyramid-customer-price', messageNode('customer-price'));
  RED.nodes.registerType('pyramid-price-list', messageNode('price-list'));
  RED.nodes.registerType('pyramid-images', messageNode('images'));
};
