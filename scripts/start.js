#!/usr/bin/env node
'use strict';
/*
 * npm start: the demo. Starts Node-RED (port 1880, user dir .node-red/, git-ignored) with this
 * package's nodes loaded. Ctrl-C stops it cleanly.
 */
const path = require('node:path');
const fs = require('node:fs');
const root = path.join(__dirname, '..');

if (!fs.existsSync(path.join(root, 'dist', 'lib', 'index.js'))) {
  console.error('The package is not built: run `npm install` (it builds) or `npm run build`.');
  process.exit(1);
}

const demo = path.join(root, 'dist', 'sim', 'demo.js');
if (fs.existsSync(demo)) {
  require(demo).main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  const { startNodeRed } = require('./nodered');
  startNodeRed({ port: Number(process.env.PORT) || 1880, userDir: path.join(root, '.node-red') }).then((nr) => {
    console.log(`Node-RED editor: ${nr.url}/`);
    const stop = () => nr.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
