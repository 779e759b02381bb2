'use strict';
/*
 * dist/nodes/pyramid-messages.html from the catalogue: one editor definition registered for every
 * message type, the same dialog for each, and a help page per type (what the message is, its
 * direction and protocol, its inputs and outputs, its field table and the catalogue's own example
 * of each document). Called by scripts/build-assets.js after tsc; adding a message type to the
 * catalogue adds its node to the palette with no other change.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

const COLOURS = { out: '#F3B567', in: '#87A980', ws: '#A6BBCF' };
/** One icon per direction, none shared with a transport (pyramid-ftp.svg, pyramid-ws.svg). */
const ICONS = { out: 'pyramid-msg-out.svg', in: 'pyramid-msg-in.svg', ws: 'pyramid-msg-ws.svg' };
/** Palette order of the message nodes: out of Pyramid, into Pyramid, web-service messages. */
const FAMILY_ORDER = ['out', 'in', 'ws'];
const ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'cp437', 'cp850'];
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
  var TYPES_BY = {};
  TYPES.forEach(function (t) { TYPES_BY[t.type] = t; });

  function fill($select, node, group, values) {
    $select.empty();
    values.forEach(function (v) {
      $('<option>').val(v).text(node._(NS + group + '.' + v)).appendTo($select);
    });
  }

  /** The palette label from the locale (pyramid-messages.palette.<type>), else Pyramid's name. */
  function paletteLabel(def, type) {
    var key = NS + 'palette.' + type;
    var text = def._(key);
    return text && text !== key && text.indexOf(key) < 0 ? text : TYPES_BY[type].name;
  }

  function outputsFor(t, part, invalid) {
    return invalid === 'output' && t.collect.indexOf(part) >= 0 ? 2 : 1;
  }

  function prepare(node, t) {
    fill($('#node-input-mode'), node, 'mode', ['auto', 'parse', 'build', 'validate']);
    fill($('#node-input-part'), node, 'part', t.parts);
    fill($('#node-input-output'), node, 'output', ['buffer', 'string']);
    fill($('#node-input-split'), node, 'split', ['none', 'record', 'batch']);
    fill($('#node-input-invalid'), node, 'invalid', ['fail', 'output']);
    $('#node-input-mode').val(node.mode || 'auto');
    $('#node-input-part').val(t.parts.indexOf(node.part) >= 0 ? node.part : t.defaultPart);
    // the code page: one of the list, or read per msg from msg/flow/global/env (older flows: the list)
    $('#node-input-encoding').typedInput({
      default: 'str',
      typeField: $('#node-input-encodingType'),
      types: [
        {
          value: 'str',
          label: node._(NS + 'label.encoding'),
          icon: 'red/images/typedInput/az.svg',
          options: ENCODINGS.map(function (v) { return { value: v, label: node._(NS + 'encoding.' + v) }; })
        },
        'msg', 'flow', 'global', 'env'
      ]
    });
    if ($('#node-input-encoding').typedInput('type') === 'str' && ENCODINGS.indexOf(node.encoding) < 0) $('#node-input-encoding').typedInput('value', 'auto');
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
    // the palette properties (category, colour, icon, ports, label) are written into each
    // type's literal registration below
    return {
      defaults: {
        name: { value: '' },
        mode: { value: 'auto' },
        part: { value: t.defaultPart },
        encoding: { value: 'auto' },
        encodingType: { value: 'str' },
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

  var DEFS = {};
  TYPES.forEach(function (t) {
    DEFS[t.type] = definition(t);
  });

${registrations(types)}
})();
</script>`;
}

/**
 * One literal RED.nodes.registerType('pyramid-<type>', {...}) per message type, in palette order
 * (out of Pyramid, into Pyramid, web services), with the palette properties written out: the Flow
 * Library's scorecard (node-red-dev validate) reads node types, category, colour and icon from
 * these calls without running the script. Everything else comes from the shared definition.
 */
function registrations(types) {
  const shared = ['defaults', 'label', 'labelStyle', 'inputLabels', 'outputLabels', 'oneditprepare', 'oneditsave', 'oneditcancel', 'oneditresize'];
  const ordered = FAMILY_ORDER.flatMap((f) => types.filter((t) => t.family === f));
  if (ordered.length !== types.length) throw new Error('gen-editor: a message type of an unknown family');
  return ordered
    .map((t) => {
      const key = JSON.stringify(t.type);
      return [
        `  RED.nodes.registerType('pyramid-${t.type}', {`,
        "    category: 'pyramid',",
        `    color: '${COLOURS[t.family]}',`,
        `    icon: '${ICONS[t.family]}',`,
        '    inputs: 1,',
        '    outputs: 1,',
        `    paletteLabel: function () { return paletteLabel(this, ${key}); },`,
        ...shared.map((k) => `    ${k}: DEFS[${key}].${k},`),
        '  });',
      ].join('\n');
    })
    .join('\n');
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
    row('', 'encoding', 'fa-font', 'pyramid-messages.label.encoding', '<input type="text" id="node-input-encoding" style="width:70%"><input type="hidden" id="node-input-encodingType">'),
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
    // the package's own "Name" (Node-RED's core catalogue has no Swedish)
    row('', 'name', 'fa-tag', 'pyramid-messages.label.name', '<input type="text" id="node-input-name" data-i18n="[placeholder]pyramid-messages.label.name">'),
    '</script>',
  ].join('\n');
}

// ---- help: scripts/gen-help.js (English here, Swedish in locales/sv/) -------------------------

const { helpFor, writeLocaleHelp } = require('./gen-help');

function render() {
  const lib = require(path.join(root, 'dist', 'lib'));
  const types = editorTypes(lib);
  const parts = [editorScript(types)];
  lib.catalogue.forEach((d, i) => {
    parts.push(template(types[i]));
    parts.push(helpFor(lib, d, types[i], 'en'));
  });
  return parts.join('\n\n') + '\n';
}

function generate(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'pyramid-messages.html'), render());
  const lib = require(path.join(root, 'dist', 'lib'));
  writeLocaleHelp(outDir, lib, editorTypes(lib));
}

module.exports = { generate, render };
