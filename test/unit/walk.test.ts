import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, fieldRows, partsOf, bodyOf, visitFields, type Field, type FieldVisitor } from '../../lib/messages';
import { group, list, text, valueList, code } from '../../lib/messages/fields';
import { readRecord } from '../../lib/messages/engine';
import { writeRecord } from '../../lib/messages/record-write';
import type { OutElement, XmlElement } from '../../lib/xml';

/** Every field as `depth path kind`, in the order the walk reaches it (children right after their parent). */
const trace: FieldVisitor<string[], void> = {
  value(f, out, at) {
    out.push(`${at.depth} ${at.path.join('.')} ${f.kind}`);
  },
  group(f, out, at, children) {
    out.push(`${at.depth} ${at.path.join('.')} group`);
    children(out);
  },
  list(f, out, at, children) {
    out.push(`${at.depth} ${at.path.join('.')} list${children ? '' : ' of values'}`);
    children?.(out);
  },
};

const tree: Field[] = [
  text('name', 'Namn', ''),
  group('address', 'Adress', '', [text('city', 'Ort', ''), code('country', 'Land', '')]),
  list('rows', 'Rader', 'Rad', '', [code('article', 'Artikel', ''), list('notes', '', 'Not', '', [text('text', '#text', '')])]),
  valueList('tags', 'Taggar', 'Tagg', ''),
];

function el(name: string, children: XmlElement[] = [], text = '', attrs: Record<string, string> = {}): XmlElement {
  return { name, attrs, children, text, line: 1 };
}

/** A written element as the reader's element (what parsing the written XML would give). */
function asRead(o: OutElement): XmlElement {
  return { name: o.name, attrs: { ...(o.attrs ?? {}) }, children: (o.children ?? []).map(asRead), text: o.text ?? '', line: 1 };
}

describe('the walk over the catalogue field tree', () => {
  it('visits every field once, depth first, with its depth and JSON path', () => {
    const out: string[] = [];
    visitFields(tree, trace, out);
    assert.deepEqual(out, [
      '0 name text',
      '0 address group',
      '1 address.city text',
      '1 address.country code',
      '0 rows list',
      '1 rows.article code',
      '1 rows.notes list',
      '2 rows.notes.text text',
      '0 tags list of values',
    ]);
  });

  it('reaches the same fields as the docs do, for every document of the catalogue', () => {
    for (const d of catalogue) {
      for (const part of partsOf(d)) {
        const body = bodyOf(d, part);
        const out: string[] = [];
        visitFields(body.fields, trace, out);
        const rows = fieldRows(body);
        assert.equal(out.length, rows.length, `${d.type} ${part}`);
        assert.deepEqual(
          out.map((x) => Number(x.split(' ')[0])),
          rows.map((r) => r.depth),
          `${d.type} ${part}: depths`,
        );
      }
    }
  });

  it('a record read and written through the walk keeps nested groups, lists and unknown elements', () => {
    const record = el('Post', [
      el('Namn', [], 'Anna'),
      el('Adress', [el('Ort', [], 'Umeå'), el('Okand', [], 'x')]),
      el('Rader', [el('Rad', [el('Artikel', [], '001'), el('Not', [], 'a'), el('Not', [], 'b')])]),
      el('Taggar', [el('Tagg', [], 't1'), el('Tagg', [], 't2')]),
    ]);
    const raw = readRecord(tree, record);
    assert.deepEqual(raw, {
      name: 'Anna',
      address: { city: 'Umeå', extra: { Okand: 'x' } },
      rows: [{ article: '001', notes: [{ text: 'a' }, { text: 'b' }] }],
      tags: ['t1', 't2'],
    });
    const out: OutElement = { name: 'Post' };
    writeRecord(tree, raw, out, {});
    assert.deepEqual(readRecord(tree, asRead(out)), raw);
  });
});
