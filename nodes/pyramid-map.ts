/**
 * pyramid-map: a mapping a shop owner edits as rows (`target <- expression` or a typed value), in
 * list mode with a filter, with presets and a live preview in the dialog. All mapping work is in
 * lib/map; this file reads the configuration, resolves msg/flow/global/env through Node-RED,
 * sends valid output on 1 and invalid records on 2, and serves the dialog's sources, presets and
 * preview from the admin API.
 */
import {
  keyFieldsOf,
  Mapping,
  mappingInput,
  MapError,
  PRESETS,
  rowErrorText,
  sampleOf,
  sourceFields,
  sourceList,
  VALUE_TYPES,
  type InvalidMapRecord,
  type MapConfig,
  type MapResult,
  type MapRow,
  type RunContext,
  type ValueType,
} from '../lib/map';
import { cachedTranslate, type Node, type NodeAPI, type NodeDef, type NodeMessage } from './red';

interface MapNode extends Node {
  mapping?: Mapping;
  /** The last msg the node saw, for the dialog's preview: in memory only, secrets masked. */
  lastSeen?: NodeMessage;
  runContext?: (msg: NodeMessage) => RunContext;
}

// ---- configuration ----------------------------------------------------------------------------

/** The node's properties as the dialog sets them (and sends them for the preview). */
interface MapNodeConfig {
  name?: string;
  sourceType?: string;
  property?: string;
  output?: string;
  rows?: unknown;
  list?: boolean;
  source?: string;
  filter?: string;
  groupBy?: string;
}

function cleanRows(rows: unknown): MapRow[] {
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
    .map((r) => {
      const type = VALUE_TYPES.includes(r.type as ValueType) ? (r.type as ValueType) : 'jsonata';
      return { target: String(r.target ?? ''), value: String(r.value ?? ''), type, required: r.required === true };
    });
}

/** The engine's configuration from the node's (or the dialog's) properties. */
function mapConfigOf(c: MapNodeConfig): MapConfig {
  const list = c.list === true;
  return {
    rows: cleanRows(c.rows),
    list,
    source: list ? String(c.source ?? '') : undefined,
    filter: list ? String(c.filter ?? '') : undefined,
    groupBy: list ? String(c.groupBy ?? '') : undefined,
    keyFields: keyFieldsOf(c.sourceType || 'any', list ? String(c.source ?? '') : undefined),
  };
}

const SECRET_KEY = /pass(word|wd)?$|^losenord$|secret|token|authorization|cookie|api[-_]?key|^consumer_key$|credential/i;
const MAX_KEPT = 1_000_000;

/** A copy of a msg that is safe to keep and show: JSON values only, no req/res objects, secrets masked. */
function safeCopy(msg: NodeMessage): NodeMessage | undefined {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, key: string, depth: number): unknown => {
    if (SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '') return '••••••';
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v !== 'object' || depth > 40 || seen.has(v)) return undefined;
    if (Buffer.isBuffer(v)) return `<Buffer ${v.length} bytes>`;
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, '', depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const w = walk(x, k, depth + 1);
      if (w !== undefined) out[k] = w;
    }
    return out;
  };
  const { req, res: _res, ...rest } = msg;
  const copy = walk(rest, '', 0) as NodeMessage;
  if (req && typeof req === 'object') {
    const r = req as Record<string, unknown>;
    copy.req = walk({ params: r.params, query: r.query, headers: r.headers, body: r.body }, '', 0);
  }
  try {
    if (JSON.stringify(copy).length > MAX_KEPT) return undefined;
  } catch {
    return undefined;
  }
  return copy;
}

export = function register(RED: NodeAPI): void {
  function PyramidMapNode(this: MapNode, config: NodeDef & MapNodeConfig): void {
    setup(this, config);
  }

  function setup(node: MapNode, config: NodeDef & MapNodeConfig): void {
    RED.nodes.createNode(node, config);
    const property = String(config.property || 'payload');
    const output = String(config.output || 'payload');
    const t = cachedTranslate((key, subs) => RED._(`pyramid-map.${key}`, subs));
    const mapping = new Mapping(mapConfigOf(config));
    node.mapping = mapping;

    node.runContext = (msg: NodeMessage): RunContext => ({
      msg,
      typed: (type, value) => RED.util.evaluateNodeProperty(value, type, node, msg),
      env: (name) => RED.util.evaluateNodeProperty(name, 'env', node, msg),
      flow: (key) => node.context().flow.get(key),
      global: (key) => node.context().global.get(key),
    });

    if (mapping.problems.length) {
      node.status({ fill: 'red', shape: 'ring', text: t('status.problems', { count: mapping.problems.length }) });
      node.error(`pyramid-map: ${mapping.problems.map(rowErrorText).join('; ')}`);
    } else {
      node.status({});
    }

    const derive = (msg: NodeMessage, payload: unknown): NodeMessage => {
      const { payload: _whole, req, res, ...rest } = msg;
      const m = RED.util.cloneMessage(rest) as NodeMessage;
      // an HTTP request's req/res stay the same objects (http response needs them)
      if (req !== undefined) m.req = req;
      if (res !== undefined) m.res = res;
      m.payload = payload;
      return m;
    };

    const invalidMsg = (msg: NodeMessage, rec: InvalidMapRecord): NodeMessage => {
      const m = derive(msg, { record: rec.record, index: rec.index, key: rec.key, reason: rec.reason, errors: rec.errors });
      m.error = { message: rec.reason, code: 'MAP_INVALID', source: { id: node.id, type: node.type, name: node.name } };
      return m;
    };

    // The last msg for the preview: copied (walked, secrets masked) only when the preview asks for
    // it, not per msg. Until then its top level is kept as it came in: the node replaces top-level
    // properties of the msg (a one-part output path) and changes no object inside it; a msg whose
    // output or msg.* targets go deeper is copied at once, before they are set.
    let seenTop: NodeMessage | undefined;
    let seenCopy: NodeMessage | undefined;
    const topLevelOutput = !/[.[]/.test(output);
    Object.defineProperty(node, 'lastSeen', {
      configurable: true,
      get: (): NodeMessage | undefined => {
        if (seenTop) {
          seenCopy = safeCopy(seenTop) ?? seenCopy;
          seenTop = undefined;
        }
        return seenCopy;
      },
      set: (v: NodeMessage | undefined) => {
        seenTop = undefined;
        seenCopy = v;
      },
    });

    node.on('input', (msg, send, done) => {
      if (topLevelOutput) seenTop = { ...msg };
      else {
        seenTop = undefined;
        seenCopy = safeCopy(msg) ?? seenCopy;
      }
      if (mapping.problems.length) {
        done(new MapError(`the mapping has errors: ${mapping.problems.map(rowErrorText).join('; ')}`, 'MAP_CONFIG', mapping.problems));
        return;
      }
      const input = mappingInput(RED.util.getMessageProperty(msg, property), msg.pyramid);
      mapping
        .run(input, (node.runContext as (m: NodeMessage) => RunContext)(msg))
        .then((r: MapResult) => {
          const invalid = r.invalid.map((rec) => invalidMsg(msg, rec));
          let ok: NodeMessage | null = null;
          if (seenTop && r.msg.some((x) => x.path.length > 1)) void node.lastSeen; // copied before they are set
          if (r.output !== undefined) {
            RED.util.setMessageProperty(msg, output, r.output, true);
            for (const s of r.msg) RED.util.setMessageProperty(msg, s.path.map(String).join('.'), s.value, true);
            msg.mapping = { read: r.read, written: Array.isArray(r.output) ? r.output.length : 1, filtered: r.filtered, invalid: r.invalid.length };
            ok = msg;
          }
          const written = Array.isArray(r.output) ? r.output.length : r.output === undefined ? 0 : 1;
          if (invalid.length) node.status({ fill: 'yellow', shape: 'dot', text: t('status.invalid', { written, invalid: invalid.length }) });
          else node.status({ fill: 'green', shape: 'dot', text: t('status.mapped', { read: r.read, written }) });
          send([ok, invalid.length ? invalid : null]);
          done();
        })
        .catch((err: unknown) => {
          node.status({ fill: 'red', shape: 'dot', text: t('status.failed') });
          done(err instanceof Error ? err : new Error(String(err)));
        });
    });

    node.on('close', (_removed: boolean, closed: () => void) => {
      node.lastSeen = undefined;
      closed();
    });
  }

  RED.nodes.registerType('pyramid-map', PyramidMapNode);

  // ---- what the dialog asks -------------------------------------------------------------------

  RED.httpAdmin.get('/pyramid-map/sources', RED.auth.needsPermission('pyramid-map.read'), (_req, res) => {
    res.json({ sources: sourceList(), presets: PRESETS });
  });

  RED.httpAdmin.get('/pyramid-map/sources/:id', RED.auth.needsPermission('pyramid-map.read'), (req, res) => {
    const id = String(req.params.id);
    res.json({ id, fields: sourceFields(id), keyFields: keyFieldsOf(id), sample: sampleOf(id) ?? null });
  });

  /**
   * The preview: the dialog's rows run against the message type's sample, or the last msg the
   * deployed node saw (masked); $env, flow and global come from the deployed node, if there is one.
   */
  RED.httpAdmin.post('/pyramid-map/preview', RED.auth.needsPermission('pyramid-map.write'), (req, res) => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as MapNodeConfig & { id?: string; sample?: string };
    const deployed = typeof body.id === 'string' ? (RED.nodes.getNode(body.id) as MapNode | null) : null;
    const property = String(body.property || 'payload');
    let msg: NodeMessage | undefined;
    let from: string;
    if (body.sample === 'last') {
      msg = deployed?.lastSeen ? RED.util.cloneMessage(deployed.lastSeen) : undefined;
      from = msg ? 'last' : 'none';
    } else {
      const s = sampleOf(String(body.sourceType || 'any'));
      if (s !== undefined) {
        msg = {};
        RED.util.setMessageProperty(msg, property, s, true);
      }
      from = s === undefined ? 'none' : 'sample';
    }
    const mapping = new Mapping(mapConfigOf(body));
    if (mapping.problems.length || !msg) {
      res.json({ from, problems: mapping.problems.map((e) => ({ ...e, text: rowErrorText(e) })), output: null, invalid: [], rowErrors: {} });
      return;
    }
    const m = msg;
    const ctx: RunContext = deployed?.runContext ? deployed.runContext(m) : { msg: m, typed: (type, value) => (type === 'msg' ? RED.util.getMessageProperty(m, value) : undefined) };
    mapping.run(mappingInput(RED.util.getMessageProperty(m, property), m.pyramid), ctx).then(
      (r) => {
        const rowErrors: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(r.rowErrors)) rowErrors[k] = { ...e, text: rowErrorText(e) };
        const shown = r.output !== undefined ? r.output : r.invalid[0]?.partial;
        res.json({
          from,
          deployed: !!deployed?.runContext,
          problems: [],
          // what a row takes from a password, key or token field stays masked in the editor too
          // a single record that failed: what its other rows made, so the preview still shows the shape
          output: shown === undefined ? null : (safeCopy({ payload: shown }) as NodeMessage).payload,
          partial: r.output === undefined && shown !== undefined,
          msg: r.msg.map((s) => ({ path: s.path.join('.'), value: s.value })),
          read: r.read,
          filtered: r.filtered,
          invalid: r.invalid.map((i) => ({ index: i.index, key: i.key, reason: i.reason })),
          rowErrors,
        });
      },
      (err: unknown) => {
        const e = err instanceof MapError ? err.errors.map((x) => ({ ...x, text: rowErrorText(x) })) : [{ row: 0, target: 'source', message: String(err), text: String(err) }];
        res.json({ from, problems: e, output: null, invalid: [], rowErrors: {} });
      },
    );
  });
};
