'use strict';
/*
 * dist/nodes/pyramid-messages.html from the catalogue: one editor definition registered for every
 * message type, the same dialog for each, and a help page per type (what the message is, its
 * direction and protocol, its inputs and outputs, its field table and an example taken from the
 * test fixtures). Called by scripts/build-assets.js after tsc; adding a message type to the
 * catalogue adds its node to the palette with no other change.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const fixturesDir = path.join(root, 'test', 'fixtures', 'messages');

const COLOURS = { out: '#F3B567', in: '#87A980', ws: '#A6BBCF' };
const ICONS = { out: 'pyramid-out.svg', in: 'pyramid-in.svg', ws: 'pyramid-ws.svg' };
const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'cp437', 'cp850'];
/** Items per list and characters per text in a help example. */
const EXAMPLE_ITEMS = 2;
const EXAMPLE_TEXT = 60;
const EXAMPLE_LINES = 80;

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What the editor needs to know about each type, computed here so the browser needs no catalogue. */
function editorTypes(lib) {
  return lib.catalogue.map((d) => {
    const parts = lib.partsOf(d);
    return {
      type: d.type,
      name: d.name,
      title: d.title,
      family: d.family,
      parts,
      defaultPart: lib.defaultPart(d),
      split: parts.filter((p) => p === 'file' && lib.messageRecordLists(d.type, p).length > 0),
      collect: parts.filter((p) => lib.mayCollectInvalid(d.type, p)),
    };
  });
}

function editorScript(types) {
  return `<script type="text/javascript">
(function () {
  var TYPES = ${JSON.stringify(types)};
  var COLOURS = ${JSON.stringify(COLOURS)};
  var ICONS = ${JSON.stringify(ICONS)};
  var ENCODINGS = ${JSON.stringify(ENCODINGS)};
  var NS = 'pyramid-messages.';

  function fill($select, node, group, values) {
    $select.empty();
    values.forEach(function (v) {
      $('<option>').val(v).text(node._(NS + group + '.' + v)).appendTo($select);
    });
  }

  function outputsFor(t, part, invalid) {
    return invalid === 'output' && t.collect.indexOf(part) >= 0 ? 2 : 1;
  }

  function prepare(node, t) {
    fill($('#node-input-mode'), node, 'mode', ['auto', 'parse', 'build', 'validate']);
    fill($('#node-input-part'), node, 'part', t.parts);
    fill($('#node-input-encoding'), node, 'encoding', ENCODINGS);
    fill($('#node-input-output'), node, 'output', ['buffer', 'string']);
    fill($('#node-input-split'), node, 'split', ['none', 'record', 'batch']);
    fill($('#node-input-invalid'), node, 'invalid', ['fail', 'output']);
    $('#node-input-mode').val(node.mode || 'auto');
    $('#node-input-part').val(t.parts.indexOf(node.part) >= 0 ? node.part : t.defaultPart);
    $('#node-input-encoding').val(node.encoding || 'auto');
    $('#node-input-output').val(node.output || 'buffer');
    $('#node-input-split').val(node.split || 'none');
    $('#node-input-invalid').val(node.invalid || 'fail');
    $('#node-input-batchSize').spinner({ min: 2 });
    $('#node-input-window').spinner({ min: 0 });
    $('#node-input-windowTimeout').spinner({ min: 1 });
    function show() {
      var mode = $('#node-input-mode').val();
      var part = $('#node-input-part').val() || t.defaultPart;
      var parsing = mode === 'auto' || mode === 'parse';
      var split = parsing && t.split.indexOf(part) >= 0;
      $('.pyramid-msg-part').toggle(t.parts.length > 1);
      $('.pyramid-msg-output').toggle(mode === 'auto' || mode === 'build');
      $('.pyramid-msg-split, .pyramid-msg-split-tip').toggle(split);
      $('.pyramid-msg-window, .pyramid-msg-window-tip').toggle(split && $('#node-input-split').val() !== 'none');
      $('.pyramid-msg-batch').toggle(split && $('#node-input-split').val() === 'batch');
      $('.pyramid-msg-invalid').toggle(parsing && t.collect.indexOf(part) >= 0);
      $('.pyramid-msg-invalid-tip').toggle(parsing && t.collect.indexOf(part) < 0);
    }
    $('#node-input-mode, #node-input-part, #node-input-split').on('change', show);
    show();
  }

  function definition(t) {
    return {
      category: 'pyramid',
      color: COLOURS[t.family],
      icon: ICONS[t.family],
      paletteLabel: t.name,
      inputs: 1,
      outputs: 1,
      defaults: {
        name: { value: '' },
        mode: { value: 'auto' },
        part: { value: t.defaultPart },
        encoding: { value: 'auto' },
        output: { value: 'buffer' },
        split: { value: 'none' },
        batchSize: {
          value: 1000,
          validate: function (v) {
            return this.split !== 'batch' || (/^\\s*\\d+\\s*$/.test(String(v)) && Number(v) >= 2);
          }
        },
        invalid: { value: 'fail' },
        window: {
          value: 8,
          validate: function (v) {
            return v === undefined || v === '' || (/^\\s*\\d+\\s*$/.test(String(v)) && Number(v) >= 0);
          }
        },
        windowTimeout: {
          value: 60,
          validate: function (v) {
            return v === undefined || v === '' || (/^\\s*\\d+\\s*$/.test(String(v)) && Number(v) >= 1);
          }
        },
        outputs: { value: 1 }
      },
      label: function () {
        if (this.name) return this.name;
        return this.part && this.part !== t.defaultPart ? t.name + ' ' + this._(NS + 'labelPart.' + this.part) : t.name;
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      outputLabels: function (i) {
        return this._(NS + 'ports.' + (i === 0 ? 'result' : 'invalid'));
      },
      oneditprepare: function () {
        prepare(this, t);
      },
      oneditsave: function () {
        this.outputs = outputsFor(t, $('#node-input-part').val() || t.defaultPart, $('#node-input-invalid').val());
      }
    };
  }

  TYPES.forEach(function (t) {
    RED.nodes.registerType('pyramid-' + t.type, definition(t));
  });
})();
</script>`;
}

function row(cls, id, icon, labelKey, control) {
  return (
    `  <div class="form-row${cls ? ' ' + cls : ''}">\n` +
    `    <label for="node-input-${id}"><i class="fa ${icon}"></i> <span data-i18n="${labelKey}"></span></label>\n` +
    `    ${control}\n  </div>`
  );
}

function template(t) {
  return [
    `<script type="text/html" data-template-name="pyramid-${t.type}">`,
    row('', 'mode', 'fa-exchange', 'pyramid-messages.label.mode', '<select id="node-input-mode" style="width:70%"></select>'),
    row('pyramid-msg-part', 'part', 'fa-file-code-o', 'pyramid-messages.label.part', '<select id="node-input-part" style="width:70%"></select>'),
    row('', 'encoding', 'fa-font', 'pyramid-messages.label.encoding', '<select id="node-input-encoding" style="width:70%"></select>'),
    row('pyramid-msg-output', 'output', 'fa-sign-out', 'pyramid-messages.label.output', '<select id="node-input-output" style="width:70%"></select>'),
    row(
      'pyramid-msg-split',
      'split',
      'fa-scissors',
      'pyramid-messages.label.split',
      '<select id="node-input-split" style="width:42%"></select>\n' +
        '    <span class="pyramid-msg-batch"><input type="text" id="node-input-batchSize" style="width:70px"> <span data-i18n="pyramid-messages.label.batchSize"></span></span>',
    ),
    '  <div class="form-tips pyramid-msg-split-tip" data-i18n="pyramid-messages.tip.split"></div>',
    row(
      'pyramid-msg-window',
      'window',
      'fa-tachometer',
      'pyramid-messages.label.window',
      '<input type="text" id="node-input-window" style="width:60px"> <span data-i18n="pyramid-messages.label.windowMsgs"></span>\n' +
        '    <input type="text" id="node-input-windowTimeout" style="width:60px"> <span data-i18n="pyramid-messages.label.windowTimeout"></span>',
    ),
    '  <div class="form-tips pyramid-msg-window-tip" data-i18n="pyramid-messages.tip.window"></div>',
    row('pyramid-msg-invalid', 'invalid', 'fa-exclamation-triangle', 'pyramid-messages.label.invalid', '<select id="node-input-invalid" style="width:70%"></select>'),
    '  <div class="form-tips pyramid-msg-invalid-tip" data-i18n="pyramid-messages.tip.invalid"></div>',
    row('', 'name', 'fa-tag', 'node-red:common.label.name', '<input type="text" id="node-input-name" data-i18n="[placeholder]node-red:common.label.name">'),
    '</script>',
  ].join('\n');
}

// ---- help -------------------------------------------------------------------------------------

function prop(name, type, text, optional) {
  return `  <dt${optional ? ' class="optional"' : ''}>${name} <span class="property-type">${type}</span></dt>\n  <dd>${text}</dd>`;
}

function fileNameText(d) {
  if (!d.file) return '';
  if (d.fileName && d.fileName.kind === 'key') {
    return ` File name <code>${esc(d.file.root)}_&lt;${esc(d.fileName.keyField)}&gt;.xml</code>: the same message always gets the same name.`;
  }
  return ` File name <code>${esc(d.file.root)}_&lt;yyyyMMddTHHmmssSSS&gt;_&lt;seq&gt;.xml</code>: names sort by time.`;
}

function fieldTable(lib, body) {
  const rows = lib.fieldRows(body).map((r) => {
    const pad = '&nbsp;&nbsp;'.repeat(r.depth);
    const json = r.key ? `<b>${esc(r.json)}</b>` : esc(r.json);
    return `<tr><td>${pad}<code>${esc(r.xml)}</code></td><td><code>${json}</code>${r.required ? ' *' : ''}</td><td>${esc(r.type)}</td><td>${esc(r.doc)}</td></tr>`;
  });
  return `<table class="pyramid-msg-fields"><thead><tr><th>XML</th><th>JSON</th><th>type</th><th>meaning</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** A short copy of a model: the first items of every list, long texts cut. */
function shorten(v, items) {
  if (Array.isArray(v)) return v.slice(0, items).map((x) => shorten(x, items));
  if (typeof v === 'string') return v.length > EXAMPLE_TEXT ? v.slice(0, EXAMPLE_TEXT) + '…' : v;
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = shorten(v[k], items);
    return o;
  }
  return v;
}

function fixtureOf(d, part) {
  const f = path.join(fixturesDir, part === 'file' ? `${d.type}.xml` : `${d.type}.${part}.xml`);
  return fs.existsSync(f) ? f : undefined;
}

/** Example XML in and JSON out for one document, from its fixture, shortened (and any password masked). */
function example(lib, d, part) {
  const file = fixtureOf(d, part);
  if (!file) return undefined;
  const model = lib.readMessage(d.type, fs.readFileSync(file), { part }).model;
  // a password in a fixture is still a password: the help shows the mask
  const redacted = part === 'request' ? require(path.join(root, 'dist', 'lib', 'ws', 'messages')).redactModel(d.type, model) : model;
  let xml;
  for (let items = EXAMPLE_ITEMS; items >= 1; items--) {
    xml = lib.buildMessageText(d.type, shorten(redacted, items), { part, encoding: 'utf-8' });
    if (xml.split('\n').length <= EXAMPLE_LINES) break;
  }
  const json = JSON.stringify(lib.parseMessage(d.type, xml, { part }), null, 2);
  return { xml, json, fixture: path.basename(file) };
}

function help(lib, d, t) {
  const ws = d.ws ? `the web-service operation <code>${esc(d.ws.operation)}</code> (SOAP 1.1, namespace http://www.unikum.se/pws)` : '';
  const carrier = [d.file ? `an FTP file <code>&lt;${esc(d.file.root)}&gt;</code>` : '', ws].filter(Boolean).join(' and ');
  const collect = t.collect.length > 0;
  const split = t.split.length > 0;
  const out = [];
  out.push(`<script type="text/html" data-help-name="pyramid-${d.type}">`);
  out.push(`<p><b>${esc(d.name)}</b> (${esc(d.title)}): parses, builds and validates this Pyramid message. ${esc(d.summary)}</p>`);
  out.push(
    `<p><b>Direction:</b> ${esc(lib.directionText(d))}. <b>Protocol:</b> ${esc(d.protocol)}, as ${carrier}.` +
      `${fileNameText(d)} <b>Sent:</b> ${esc(d.trigger)}.</p>`,
  );

  out.push('<h3>Inputs</h3>\n<dl class="message-properties">');
  out.push(prop('payload', 'buffer | string | object', 'The XML to parse (bytes in any supported code page, or text), or the JSON model to build or validate.'));
  out.push(prop('filepath', 'string', 'A local XML file to parse when <code>payload</code> is absent: <code>pyramid-ftp-in</code> spools big files to disk and passes their path.', true));
  out.push(
    prop(
      'encoding',
      'string',
      'Code page, overriding the node setting: <code>auto</code>, <code>utf-8</code>, <code>windows-1252</code>, <code>iso-8859-1</code>, <code>cp437</code> or <code>cp850</code>. When parsing, a BOM or the XML declaration decides first.',
      true,
    ),
  );
  out.push(prop('filename', 'string', 'The file the XML came from, named in error messages.', true));
  out.push('</dl>');

  out.push('<h3>Outputs</h3>\n<ol class="node-ports">');
  const first = [
    prop('payload', 'object | buffer | string', 'Parse and validate: the JSON model (see the fields below). Build: the XML, a Buffer in the chosen code page or a string.'),
  ];
  if (d.file) first.push(prop('filename', 'string', 'Build (file): the conventional file name of the message.', true));
  first.push(
    prop(
      'pyramid',
      'object',
      '<code>{type, name, direction, part, count, encoding}</code>: the message type, Pyramid\'s name, its direction, which document (<code>file</code>, <code>request</code>, <code>response</code>), how many records <code>payload</code> holds, and the code page.' +
        (split ? ' Split msgs add <code>list</code> (which record list) and <code>header</code> (the file\'s root attributes).' : ''),
    ),
  );
  if (split) first.push(prop('parts', 'object', 'Split: <code>{id, index, count, type: "array", len}</code>, as the core split node writes it, so a join node in automatic mode reassembles the records.', true));
  out.push(`  <li>Result\n<dl class="message-properties">\n${first.join('\n')}\n</dl></li>`);
  if (collect) {
    const second = [
      prop('payload', 'object', 'One invalid record: <code>{list, index, key, issues, reason, raw}</code>: the list, its position in the file, its key values, the problems, a readable reason and the record as read.'),
      prop('error', 'object', '<code>{message, code, source}</code>, shaped like a Catch node\'s <code>msg.error</code>.'),
    ];
    out.push(`  <li>Invalid records (only with "send them to output 2")\n<dl class="message-properties">\n${second.join('\n')}\n</dl></li>`);
  }
  out.push('</ol>');

  out.push('<h3>Details</h3>');
  out.push(
    '<p><b>Mode</b> <i>auto</i> parses a Buffer or string (or <code>msg.filepath</code>) and builds from an object; <i>validate</i> checks a JSON model and returns it normalised ' +
      '(decimals as exact strings with ".", yes/no as booleans, dates as YYYY-MM-DD), which is useful before <code>pyramid-ws</code>.</p>',
  );
  if (d.ws) out.push(`<p><b>Document</b> chooses the ${d.file ? 'file or the ' : ''}request or response of <code>${esc(d.ws.operation)}</code> that is parsed, built or validated.</p>`);
  if (split) {
    out.push(
      '<p><b>Split</b> sends one msg per record, or per batch of N records (<code>payload</code> an array), read as a stream from a Buffer or from <code>msg.filepath</code> so memory stays bounded. ' +
        'The status shows the progress (<code>40 000 / 1 000 000</code>), then the count. With "fail the whole message" the file is checked completely first, so a bad file sends nothing. An empty file sends one msg with an empty list.</p>',
    );
    out.push(
      '<p><b>In flight</b> (flow control): at most this many split msgs (default 8) are on their way at once; the next one leaves when the flow is done with one, so a big file behind a slow shop ' +
        'never fills memory. A msg is done when every node it reached, and every node the same msg (same <code>msg.parts</code>) went on to, has called <code>done()</code>: ' +
        'an <i>http request</i> when its answer came, a <i>function</i> when it returned. Reaching a <i>join</i>, <i>batch</i> or <i>sort</i> node (which hold msgs until their group is complete), ' +
        'a node that never reports completion, or no node at all counts as done. Nothing needs wiring back. A msg that a node takes but never reports done counts as done after the timeout ' +
        '(default 60 s, with a warning), so a forgotten <code>done()</code> slows the file but never stops it. A function node that sends a <i>new</i> msg object instead of the one it got ' +
        'ends the tracking there: keep <code>msg.parts</code> on what it sends (or return the msg itself) to keep the whole chain bounded. 0 means no limit (every msg leaves as soon as it is read). ' +
        'The <i>complete</i> node on this node fires when the whole file has been sent.</p>',
    );
  }
  out.push(
    collect
      ? '<p><b>Invalid records</b>: fail the whole message, or send each invalid record with its reason to the second output while the valid ones go on. Web-service requests always fail whole.</p>'
      : '<p><b>Invalid records</b>: this message goes into Pyramid, so it is whole or nothing: one invalid field fails it.</p>',
  );
  out.push(
    '<p><b>Errors</b> go to Catch nodes: <code>msg.error.message</code> names the file, record and field (<code>Artikel[42] (artikelkod 00123): grundpris "12,5x" is not a number</code>), ' +
      '<code>msg.error.code</code> says what kind (<code>MESSAGE_INVALID</code>, <code>MESSAGE_ROOT</code>, <code>XML_MALFORMED</code>, <code>ENCODING_INVALID_BYTES</code>, ...) and ' +
      '<code>msg.pyramid.issues</code> lists every problem as <code>{path, where, message}</code>. The status turns red with a short reason. A password is never shown.</p>',
  );
  out.push('<p>Elements the catalogue does not know are kept under <code>extra</code> and written back on build.</p>');

  out.push('<h3>Fields</h3>');
  out.push('<p>Key fields in <b>bold</b>, required ones marked *.</p>');
  for (const doc of lib.documentsOf(d)) {
    out.push(`<h4>${esc(doc.title)}</h4>`);
    out.push(fieldTable(lib, doc.body));
  }

  const examples = lib.documentsOf(d).map((doc) => ({ doc, ex: example(lib, d, doc.part) })).filter((x) => x.ex);
  if (examples.length) {
    out.push('<h3>Example</h3>');
    out.push(`<p>From the test fixtures, shortened: the first ${EXAMPLE_ITEMS} items of each list, long texts cut.</p>`);
    for (const { doc, ex } of examples) {
      out.push(`<h4>${esc(doc.title)}: XML</h4>\n<pre>${esc(ex.xml)}</pre>`);
      out.push(`<h4>${esc(doc.title)}: JSON model</h4>\n<pre>${esc(ex.json)}</pre>`);
    }
  }
  out.push('</script>');
  return out.join('\n');
}

function render() {
  const lib = require(path.join(root, 'dist', 'lib'));
  const types = editorTypes(lib);
  const parts = [editorScript(types)];
  lib.catalogue.forEach((d, i) => {
    parts.push(template(types[i]));
    parts.push(help(lib, d, types[i]));
  });
  return parts.join('\n\n') + '\n';
}

function generate(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'pyramid-messages.html'), render());
}

module.exports = { generate, render };
