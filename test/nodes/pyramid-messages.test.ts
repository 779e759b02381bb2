/**
 * The message nodes in a real Node-RED runtime, for every type of the catalogue (driven by it, so a
 * new type is tested with no new test code): parse each fixture, build it back, a validation error
 * that reaches a Catch node naming the field, split + the core join node reassembling the records,
 * status texts, invalid records on the second output. Then the general behaviour (modes, code
 * pages, file input, secrets) and a large split from a local file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bodyOf,
  buildMessageText,
  catalogue,
  mayCollectInvalid,
  messageRecordLists,
  parseMessage,
  partsOf,
  pyramidName,
  readMessage,
  recordCount,
  recordLists,
  type BodyDef,
  type Field,
  type MessageDescriptor,
  type Part,
  type ValueField,
} from '../../lib/messages';
import { fixturesDir } from '../support/paths';
import { grouped, runNode, texts, type Captured } from './harness';

type Model = Record<string, unknown>;

function fixtureFile(d: MessageDescriptor, part: Part): string {
  return path.join(fixturesDir, part === 'file' ? `${d.type}.xml` : `${d.type}.${part}.xml`);
}

function fixture(d: MessageDescriptor, part: Part): { bytes: Buffer; model: Model; encoding: string } {
  const bytes = fs.readFileSync(fixtureFile(d, part));
  const r = readMessage(d.type, bytes, { part });
  return { bytes, model: r.model, encoding: r.encoding };
}

/** The records a split of this document emits, in file order: its record lists, or the message itself. */
function recordsOf(d: MessageDescriptor, part: Part, model: Model): unknown[] {
  const lists = messageRecordLists(d.type, part);
  return lists.length ? lists.flatMap((l) => (model[l.key] as unknown[] | undefined) ?? []) : [model];
}

/** The document a split applies to: the file, or for a web-service type its response. */
function splitPart(d: MessageDescriptor): Part {
  return d.file ? 'file' : 'response';
}

// ---- a generic invalid value: found in the catalogue, not written per type ----------------------

const CHECKED = new Set(['decimal', 'integer', 'date', 'datetime', 'boolean', 'enum']);
const SAMPLE: Record<string, unknown> = { decimal: '1', integer: 1, date: '2026-01-01', datetime: '2026-01-01T00:00:00+01:00', boolean: true };

interface Target {
  /** The field made invalid. */
  field: ValueField;
  /** Its record list and item element, when it sits in the first record of a list. */
  list?: { key: string; xml: string; item: string };
  /** `x!` for a checked value, or the field removed (a required one). */
  how: 'bad-value' | 'removed';
}

function plainElement(f: Field): f is ValueField {
  return f.kind !== 'group' && f.kind !== 'list' && !f.xml.includes('@') && f.xml !== '#text';
}

/** Where to put a problem: a checked value in the first record, else at the top, else a required field removed. */
function targetOf(body: BodyDef, model: Model, recordsOnly = false): Target | undefined {
  const lists = recordLists(body).filter((l) => Array.isArray(model[l.key]) && (model[l.key] as unknown[]).length > 0);
  const scopes: { fields: readonly Field[]; list?: Target['list'] }[] = lists.map((l) => ({ fields: l.fields ?? [], list: { key: l.key, xml: l.xml, item: l.item } }));
  if (!recordsOnly) scopes.push({ fields: body.fields });
  for (const how of ['bad-value', 'removed'] as const) {
    for (const sc of scopes) {
      const present = sc.list ? ((model[sc.list.key] as Model[])[0] ?? {}) : model;
      const field = sc.fields.find((f): f is ValueField =>
        plainElement(f) && (how === 'bad-value' ? CHECKED.has(f.kind) : !!f.required && present[f.key] !== undefined),
      );
      if (field) return { field, list: sc.list, how };
    }
  }
  return undefined;
}

function itemOf(model: Model, t: Target): Model {
  return t.list ? (model[t.list.key] as Model[])[0] : model;
}

/** The JSON model with the target made invalid. */
function corruptModel(model: Model, t: Target): Model {
  const m = structuredClone(model);
  const at = itemOf(m, t);
  if (t.how === 'bad-value') at[t.field.key] = 'x!';
  else delete at[t.field.key];
  return m;
}

/** The XML of the model with the target made invalid, as Pyramid might have written it. */
function corruptXml(d: MessageDescriptor, part: Part, model: Model, t: Target): string {
  const m = structuredClone(model);
  const at = itemOf(m, t);
  if (t.how === 'bad-value' && at[t.field.key] === undefined) at[t.field.key] = t.field.kind === 'enum' ? t.field.values?.[0] : SAMPLE[t.field.kind];
  const xml = buildMessageText(d.type, m, { part });
  let from = xml.indexOf('>', xml.indexOf(`<${bodyOf(d, part).root}`));
  if (t.list) {
    if (t.list.xml) from = xml.indexOf(`<${t.list.xml}>`, from);
    from = xml.slice(from).search(new RegExp(`<${t.list.item}[\\s>/]`)) + from;
  }
  const el = t.field.xml;
  const re = new RegExp(`<${el}>[^<]*</${el}>|<${el}/>`);
  const hit = re.exec(xml.slice(from));
  assert.ok(hit, `${d.type}: <${el}> not found to corrupt`);
  const start = from + hit.index;
  const replacement = t.how === 'bad-value' ? `<${el}>x!</${el}>` : '';
  return xml.slice(0, start) + replacement + xml.slice(start + hit[0].length);
}

function expectedText(t: Target): string {
  return t.how === 'bad-value' ? '"x!"' : 'is required';
}

function issuePath(t: Target): (string | number)[] {
  return t.list ? [t.list.key, 0, t.field.key] : [t.field.key];
}

function assertFieldNamed(c: Captured, t: Target, d: MessageDescriptor): void {
  const name = pyramidName(t.field.xml);
  for (const caught of c.caught) {
    const message = caught.error?.message ?? '';
    assert.ok(message.includes(name), `${d.type}: "${message}" names ${name}`);
    assert.ok(message.includes(expectedText(t)), `${d.type}: "${message}" says ${expectedText(t)}`);
    assert.equal(caught.error?.code, 'MESSAGE_INVALID');
    assert.equal(caught.error?.source?.id, 'n1');
    const issues = caught.pyramid?.issues as { path: unknown[]; where: string; message: string }[];
    const issue = issues.find((i) => JSON.stringify(i.path) === JSON.stringify(issuePath(t)));
    assert.ok(issue, `${d.type}: an issue at ${issuePath(t).join('.')} in ${JSON.stringify(issues)}`);
    assert.ok(issue.where.endsWith(name), issue.where);
    assert.ok(issue.message.includes(expectedText(t)), issue.message);
  }
}

// ---- every type ---------------------------------------------------------------------------------

for (const d of catalogue) {
  describe(`pyramid-${d.type} (${d.name})`, () => {
    for (const part of partsOf(d)) {
      it(`parses its ${part} fixture into the JSON model`, async () => {
        const f = fixture(d, part);
        const c = await runNode(d.type, { part }, [{ payload: f.bytes, filename: path.basename(fixtureFile(d, part)) }]);
        assert.equal(c.caught.length, 0, JSON.stringify(c.caught[0]?.error));
        assert.equal(c.out.length, 1);
        assert.deepEqual(c.out[0].payload, f.model);
        const count = recordCount(d.type, f.model, part);
        assert.deepEqual(c.out[0].pyramid, { type: d.type, name: d.name, direction: d.direction, part, count, encoding: f.encoding });
        assert.deepEqual(texts(c), [`parsed ${grouped(count)}`]);
        assert.equal(c.statuses[0].fill, 'green');
      });

      it(`builds the ${part} model back into XML that parses to the same model`, async () => {
        const f = fixture(d, part);
        const c = await runNode(d.type, { part, encoding: f.encoding }, [{ payload: structuredClone(f.model) }]);
        assert.equal(c.caught.length, 0, JSON.stringify(c.caught[0]?.error));
        const out = c.out[0];
        assert.ok(Buffer.isBuffer(out.payload));
        assert.deepEqual(parseMessage(d.type, out.payload, { part }), f.model);
        assert.equal(readMessage(d.type, out.payload, { part }).encoding, f.encoding);
        if (part === 'file') {
          const key = d.fileName?.kind === 'key' ? String(parseKey(f.model, d.fileName.keyField) ?? '') : '';
          const expected = key ? new RegExp(`^${d.file?.root}_${key}\\.xml$`) : new RegExp(`^${d.file?.root}_\\d{8}T\\d{9}_\\d{4}\\.xml$`);
          assert.match(out.filename ?? '', expected);
        } else {
          assert.equal(out.filename, undefined);
        }
        assert.equal(out.pyramid?.count, recordCount(d.type, f.model, part));
        assert.deepEqual(texts(c), [`built ${grouped(recordCount(d.type, f.model, part))}`]);
      });

      it(`sends a ${part} validation error to a Catch node, naming the field`, async () => {
        const f = fixture(d, part);
        const t = targetOf(bodyOf(d, part), f.model);
        assert.ok(t, `${d.type} ${part}: nothing to make invalid`);
        const c = await runNode(d.type, { part }, [
          { payload: Buffer.from(corruptXml(d, part, f.model, t)) },
          { payload: corruptModel(f.model, t) },
        ]);
        assert.equal(c.out.length, 0);
        assert.equal(c.caught.length, 2);
        assertFieldNamed(c, t, d);
        const status = c.statuses.at(-1);
        assert.equal(status?.fill, 'red');
        assert.equal(status?.text, `invalid: ${pyramidName(t.field.xml)}`);
      });
    }

    const sp = splitPart(d);
    for (const split of ['record', 'batch'] as const) {
      it(`split per ${split} (${sp}) and the core join node reassembles the same records`, async () => {
        const f = fixture(d, sp);
        const records = recordsOf(d, sp, f.model);
        const lists = messageRecordLists(d.type, sp);
        const batch = 2;
        const msgs = split === 'record' ? records.length : lists.length ? lists.reduce((n, l) => n + Math.ceil(((f.model[l.key] as unknown[]) ?? []).length / batch), 0) : 1;
        const c = await runNode(d.type, { part: sp, split, batchSize: batch }, [{ payload: f.bytes }], { join: true, until: (x) => x.joined.length > 0 });
        assert.equal(c.caught.length, 0, JSON.stringify(c.caught[0]?.error));
        assert.equal(c.out.length, msgs);
        const id = c.out[0].parts?.id;
        c.out.forEach((m, i) => {
          assert.deepEqual(m.parts, { id, index: i, count: msgs, type: 'array', len: split === 'record' ? 1 : batch });
          assert.equal(m.pyramid?.count, split === 'record' ? 1 : (m.payload as unknown[]).length);
        });
        assert.equal(c.joined.length, 1);
        assert.deepEqual(c.joined[0].payload, records);
        assert.equal(c.joined[0].parts, undefined);
        const all = texts(c);
        const n = grouped(records.length);
        // progress while the records go out (updates are throttled: at least the first one shows)
        assert.ok(all.some((x) => new RegExp(`^\\d[\\d ]* / ${n}$`).test(x)), `progress in ${JSON.stringify(all)}`);
        assert.equal(all.at(-1), `parsed ${n}`);
        assert.equal(c.statuses.at(-1)?.fill, 'green');
      });
    }

    const collectPart = partsOf(d).find((p) => mayCollectInvalid(d.type, p));
    if (collectPart) {
      it(`sends an invalid ${collectPart} record with its reason to the second output, the valid ones go on`, async () => {
        const f = fixture(d, collectPart);
        const t = targetOf(bodyOf(d, collectPart), f.model, true);
        assert.ok(t?.list, `${d.type}: no record to make invalid`);
        const c = await runNode(d.type, { part: collectPart, invalid: 'output', outputs: 2 }, [
          { payload: Buffer.from(corruptXml(d, collectPart, f.model, t)), filename: 'in.xml' },
        ]);
        assert.equal(c.caught.length, 0, JSON.stringify(c.caught[0]?.error));
        assert.equal(c.bad.length, 1);
        const bad = c.bad[0].payload as { list: string; index: number; key: Record<string, string>; issues: { path: unknown[] }[]; reason: string; raw: Model };
        assert.equal(bad.list, t.list.key);
        assert.equal(bad.index, 0);
        assert.ok(bad.reason.includes(pyramidName(t.field.xml)) && bad.reason.includes(expectedText(t)), bad.reason);
        assert.deepEqual(bad.issues[0].path, issuePath(t));
        assert.equal(typeof bad.raw, 'object');
        assert.equal(c.bad[0].error?.message, `in.xml: ${bad.reason}`);
        assert.equal(c.bad[0].error?.code, 'MESSAGE_INVALID');
        const expected = structuredClone(f.model);
        (expected[t.list.key] as unknown[]).shift();
        assert.deepEqual(c.out[0].payload, expected);
        const valid = recordCount(d.type, expected, collectPart);
        assert.deepEqual(texts(c), [`parsed ${grouped(valid)}, 1 bad`]);
        assert.equal(c.statuses[0].fill, 'yellow');
      });
    } else {
      it('goes into Pyramid whole or not at all, even with the second output configured', async () => {
        const part = partsOf(d)[0];
        const f = fixture(d, part);
        const t = targetOf(bodyOf(d, part), f.model);
        assert.ok(t);
        const c = await runNode(d.type, { part, invalid: 'output', outputs: 2 }, [{ payload: Buffer.from(corruptXml(d, part, f.model, t)) }]);
        assert.equal(c.out.length + c.bad.length, 0);
        assert.equal(c.caught.length, 1);
        assertFieldNamed(c, t, d);
      });
    }
  });
}

function parseKey(model: Model, keyPath: string): unknown {
  return keyPath.split('.').reduce<unknown>((cur, k) => (cur && typeof cur === 'object' ? (cur as Model)[k] : undefined), model);
}
