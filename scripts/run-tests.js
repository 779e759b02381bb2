#!/usr/bin/env node
/*
 * Runs the compiled tests with Node's built-in test runner (its summary is what CI reads).
 * Usage: node scripts/run-tests.js [folder-or-substring ...]   (default: every suite but interop)
 * Suites live in test/<suite>/ and compile to dist/test/<suite>/.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const distTest = path.join(root, 'dist', 'test');
if (!fs.existsSync(distTest)) {
  console.error('dist/test is missing: run `npm run build` first');
  process.exit(1);
}
// `test/map` and `map` name the same suite
const args = process.argv.slice(2).map((a) => a.replace(/^(\.\/)?test\//, ''));
const defaultExcluded = ['interop', 'faults', 'scenarios'];

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

let files = walk(distTest, []).sort();
if (args.length) {
  files = files.filter((f) => args.some((a) => path.relative(distTest, f).includes(a)));
} else {
  files = files.filter((f) => !defaultExcluded.includes(path.relative(distTest, f).split(path.sep)[0]));
}
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  // --test-force-exit: a test that logs in to the editor leaves Node-RED's week-long session-expiry
  // timer behind (editor-api's auth/tokens.js, no way to clear it), which would keep that file's
  // process alive after its last test
  ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-force-exit', ...files],
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status === null ? 1 : r.status);
