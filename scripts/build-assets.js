#!/usr/bin/env node
/*
 * After tsc: put each node's editor HTML, locales and the icons beside the compiled node files
 * (the Node-RED registry looks nowhere else), and generate the message nodes' editor file and
 * help from the catalogue.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'nodes');
fs.mkdirSync(out, { recursive: true });

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const s = path.join(from, e.name);
    const d = path.join(to, e.name);
    if (e.isDirectory()) copyDir(s, d);
    else fs.copyFileSync(s, d);
  }
}

for (const f of fs.readdirSync(path.join(root, 'nodes'))) {
  if (f.endsWith('.html')) fs.copyFileSync(path.join(root, 'nodes', f), path.join(out, f));
}
if (fs.existsSync(path.join(root, 'nodes', 'locales'))) copyDir(path.join(root, 'nodes', 'locales'), path.join(out, 'locales'));
if (fs.existsSync(path.join(root, 'icons'))) copyDir(path.join(root, 'icons'), path.join(out, 'icons'));

const gen = path.join(root, 'scripts', 'gen-editor.js');
if (fs.existsSync(gen)) require(gen).generate(out);
