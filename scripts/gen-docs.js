#!/usr/bin/env node
'use strict';
/*
 * docs/messages.md from the catalogue (npm run docs). A test compares the committed file with
 * render(), so the reference cannot drift from what the code reads and writes.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const target = path.join(root, 'docs', 'messages.md');

function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function render() {
  const m = require(path.join(root, 'dist', 'lib'));
  const out = [];
  out.push('# Message reference');
  out.push('');
  out.push('<!-- Generated from the catalogue (lib/messages) by `npm run docs`. Do not edit by hand. -->');
  out.push('');
  out.push('Every message Pyramid exchanges with the shop, in the default XML dialect of this package.');
  out.push('XML element names are Pyramid\'s Swedish words in ASCII; the JSON model uses English camelCase.');
  out.push('');
  out.push('**Values.** *decimal*: an exact decimal string with "." in the JSON model (`"12.50"`); the XML may use');
  out.push('`,` or `.`; the builder writes `.` unless told otherwise. No binary floats touch money or quantities.');
  out.push('*integer*: a JSON number. *yes/no*: a JSON boolean; the XML may say `J/N`, `1/0` or `true/false`; the');
  out.push('builder writes `J/N`. *date*: `YYYY-MM-DD` (the XML may also use `YYYYMMDD`). *timestamp*: ISO 8601,');
  out.push('kept as written. *code*: a string, trimmed, leading zeros kept. *text*: kept exactly.');
  out.push('Elements the catalogue does not know are kept under `extra` (at any record level) and written back on build.');
  out.push('**Key** marks the fields that identify a record; **required** the ones a message cannot do without.');
  out.push('');
  out.push('| # | Message | type id | direction | protocol | trigger |');
  out.push('|---|---|---|---|---|---|');
  m.catalogue.forEach((d, i) => {
    out.push(`| ${i + 1} | [${d.name}](#${d.type}) | \`${d.type}\` | ${d.direction} | ${d.protocol} | ${d.trigger} |`);
  });
  out.push('');
  out.push('File names: out of Pyramid `<Root>_<yyyyMMddTHHmmssSSS>_<seq>.xml` (they sort by time); into Pyramid');
  out.push('`<Root>_<key>.xml`, e.g. `Order_WC-10042.xml`: the same order always gets the same name.');
  out.push('');
  for (const d of m.catalogue) {
    out.push(`<a id="${d.type}"></a>`);
    out.push(`## ${d.name} (\`${d.type}\`): ${d.title}`);
    out.push('');
    out.push(d.summary);
    out.push('');
    out.push(`- Direction: ${m.directionText(d)}`);
    out.push(`- Protocol: ${d.protocol}; trigger: ${d.trigger}`);
    out.push(`- Node: \`pyramid-${d.type}\``);
    if (d.file) {
      const fnRule = d.fileName && d.fileName.kind === 'key' ? `\`${d.file.root}_<${d.fileName.keyField}>.xml\` (into Pyramid)` : `\`${d.file.root}_<yyyyMMddTHHmmssSSS>_<seq>.xml\``;
      out.push(`- File name: ${fnRule}`);
      const streamed = m.recordLists(d.file).filter((l) => l.stream).map((l) => `\`${l.key}\``);
      if (streamed.length) out.push(`- Read as a stream in batches: ${streamed.join(', ')}`);
    }
    if (d.ws) out.push(`- Web service operation: \`${d.ws.operation}\` (${d.ws.readOnly ? 'read-only, retried on transport errors' : 'changes data, never retried'})`);
    out.push('');
    for (const doc of m.documentsOf(d)) {
      out.push(`### ${doc.title.replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
      out.push('');
      out.push('| XML | JSON | type | meaning |');
      out.push('|---|---|---|---|');
      for (const r of m.fieldRows(doc.body)) {
        const flags = [r.key ? '**key**' : '', r.required ? '**required**' : ''].filter(Boolean).join(', ');
        out.push(`| \`${cell(r.xml)}\` | \`${cell(r.json)}\` | ${cell(r.type)} | ${cell(r.doc)}${flags ? ' ' + flags : ''} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, render());
  console.log(`wrote ${path.relative(root, target)}`);
}

module.exports = { render, target };
