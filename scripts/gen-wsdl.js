#!/usr/bin/env node
/*
 * Writes the project's WSDL (wsdl/pyramid-eshop.wsdl) and its documentation (docs/web-services.md)
 * from the message catalogue. Run after `npx tsc -p .` (it uses the compiled library):
 *   node scripts/gen-wsdl.js          write both files
 *   node scripts/gen-wsdl.js --check  exit 1 when a committed file is stale
 * test/ws/wsdl.test.ts fails when the committed files differ from what this would write.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { generateWsdl, webServicesMarkdown } = require(path.join(root, 'dist', 'lib', 'ws'));

const files = [
  [path.join(root, 'wsdl', 'pyramid-eshop.wsdl'), generateWsdl()],
  [path.join(root, 'docs', 'web-services.md'), webServicesMarkdown()],
];
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of files) {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (old === text) continue;
  if (check) {
    console.error(`${path.relative(root, file)} is stale: run node scripts/gen-wsdl.js`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
process.exit(stale ? 1 : 0);
