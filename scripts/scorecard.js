#!/usr/bin/env node
/*
 * The Flow Library scorecard, as CI can run it: `node-red-dev validate` (the tool flows.nodered.org
 * scores packages with) on this package, and a failure when any check fails or any node type is
 * not seen.
 *
 * What node-red-dev 0.1.x fetches over the network, and where it gets it here:
 *   - https://catalogue.nodered.org/catalogue.json (P08 similar package names, N01 node types used
 *     by another package): served by this script on 127.0.0.1 (CI machines have no route to it).
 *     The local catalogue holds the modules this machine knows: Node-RED's core nodes and every
 *     installed package with a "node-red" section, except this one (not yet published). So N01 and
 *     P08 check against those, not the whole Flow Library.
 *   - https://registry.npmjs.org/node-red (P06 Node-RED versions, P07 Node.js engines) and the
 *     npm registry for the dependency tree (D02) and latest versions (D03): the real registry, which
 *     CI reaches anyway for `npm ci`.
 * node-red-dev itself is installed outside the repository, in the cache folder (npm, pinned).
 *
 * Usage: node scripts/scorecard.js          (exit 0: every check passed)
 * Environment:
 *   PYRAMID_SCORECARD_CACHE   where node-red-dev is installed (default /tmp/pyramid-scorecard)
 *   PYRAMID_SCORECARD_OUT     also write node-red-dev's scorecard JSON here
 *   PYRAMID_SCORECARD_ACCEPT  checks whose failure is accepted (reported, not failing), e.g. "D01"
 */
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const NODE_RED_DEV = '0.1.6';
const root = path.join(__dirname, '..');
const cache = process.env.PYRAMID_SCORECARD_CACHE || path.join(os.tmpdir(), 'pyramid-scorecard');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const log = (m) => console.error(`[scorecard] ${m}`);

function ensureNodeRedDev() {
  const dir = path.join(cache, `node-red-dev-${NODE_RED_DEV}`);
  const bin = path.join(dir, 'node_modules', 'node-red-dev', 'bin', 'run');
  if (fs.existsSync(bin)) return dir;
  log(`installing node-red-dev@${NODE_RED_DEV} into ${dir}`);
  fs.rmSync(`${dir}.tmp`, { recursive: true, force: true });
  fs.mkdirSync(`${dir}.tmp`, { recursive: true });
  fs.writeFileSync(path.join(`${dir}.tmp`, 'package.json'), JSON.stringify({ name: 'pyramid-scorecard', private: true }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node-red-dev@${NODE_RED_DEV}`], {
    cwd: `${dir}.tmp`,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`npm install node-red-dev@${NODE_RED_DEV} failed`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(`${dir}.tmp`, dir);
  return dir;
}

/** Node types named literally in RED.nodes.registerType calls of a file. */
function literalTypes(text) {
  return [...text.matchAll(/\bRED\.nodes\.registerType\(\s*(['"])([^'"]+)\1/g)].map((m) => m[2]);
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The Flow Library catalogue as far as this machine knows it (see the head comment). */
function localCatalogue() {
  const modules = [];
  const nmRoot = path.join(root, 'node_modules');
  const core = path.dirname(require.resolve('@node-red/nodes/package.json', { paths: [root] }));
  const coreTypes = walk(path.join(core, 'core')).filter((f) => f.endsWith('.html')).flatMap((f) => literalTypes(fs.readFileSync(f, 'utf8')));
  const nr = JSON.parse(fs.readFileSync(require.resolve('node-red/package.json', { paths: [root] }), 'utf8'));
  modules.push({ id: 'node-red', version: nr.version, description: 'Node-RED core nodes', types: [...new Set(coreTypes)], keywords: ['node-red'] });
  const dirs = [];
  for (const e of fs.readdirSync(nmRoot)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) for (const s of fs.readdirSync(path.join(nmRoot, e))) dirs.push(path.join(nmRoot, e, s));
    else dirs.push(path.join(nmRoot, e));
  }
  for (const d of dirs) {
    let p;
    try {
      p = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!p['node-red'] || !p['node-red'].nodes || p.name === pkg.name || p.name === 'node-red') continue;
    const types = [];
    for (const js of Object.values(p['node-red'].nodes)) {
      const html = path.join(d, String(js).replace(/\.js$/, '.html'));
      if (fs.existsSync(html)) types.push(...literalTypes(fs.readFileSync(html, 'utf8')));
    }
    modules.push({ id: p.name, version: p.version, description: p.description || '', types, keywords: p.keywords || [] });
  }
  return { name: 'Node-RED Community catalogue (local: the modules installed here)', updated_at: new Date().toISOString(), modules };
}

/**
 * This package's node types as the runtime registers them (the node files' literal registerType
 * calls; test/compat/registration.test.ts pins the message nodes' to the catalogue), and which of
 * them the editor files declare as config nodes.
 */
function ourTypes() {
  const all = [];
  const config = [];
  for (const js of Object.values(pkg['node-red'].nodes)) {
    all.push(...literalTypes(fs.readFileSync(path.join(root, js), 'utf8')));
    const html = fs.readFileSync(path.join(root, js.replace(/\.js$/, '.html')), 'utf8');
    for (const m of html.matchAll(/\bRED\.nodes\.registerType\(\s*(['"])([^'"]+)\1\s*,\s*\{([\s\S]{0,400}?)\bcategory:\s*(['"])config\4/g)) config.push(m[2]);
  }
  return { all, config, nodes: all.filter((t) => !config.includes(t)) };
}

function serve(body) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url.split('?')[0] === '/catalogue.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Loaded into node-red-dev (node -r): its axios asks the local server instead of catalogue.nodered.org. */
function preloadSource() {
  return `'use strict';
const axios = require(require.resolve('axios', { paths: [process.env.PYRAMID_SCORECARD_NRDEV] }));
const local = process.env.PYRAMID_SCORECARD_CATALOGUE;
axios.interceptors.request.use((config) => {
  if (typeof config.url === 'string' && config.url.startsWith('https://catalogue.nodered.org/')) {
    config.url = local + config.url.slice('https://catalogue.nodered.org'.length);
  }
  return config;
});
`;
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out += b; process.stdout.write(b); });
    child.stderr.on('data', (b) => { out += b; process.stderr.write(b); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

async function main() {
  const t0 = Date.now();
  const types = ourTypes();
  const nrdev = ensureNodeRedDev();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyramid-scorecard-'));
  const catalogue = localCatalogue();
  const server = await serve(JSON.stringify(catalogue));
  const failures = [];
  try {
    const preload = path.join(work, 'local-catalogue.js');
    fs.writeFileSync(preload, preloadSource());
    const out = path.join(work, 'scorecard.json');
    log(`local catalogue: ${catalogue.modules.length} modules (${catalogue.modules.map((m) => m.id).join(', ')}) on http://127.0.0.1:${server.address().port}`);
    const r = await run(process.execPath, ['-r', preload, path.join(nrdev, 'node_modules', 'node-red-dev', 'bin', 'run'), 'validate', '-p', root, '-o', out], {
      cwd: work,
      env: {
        ...process.env,
        PYRAMID_SCORECARD_NRDEV: path.join(nrdev, 'node_modules', 'node-red-dev'),
        PYRAMID_SCORECARD_CATALOGUE: `http://127.0.0.1:${server.address().port}`,
      },
    });
    if (r.code !== 0) failures.push(`node-red-dev exited with ${r.code}`);
    if (/Unable to parse/.test(r.out)) failures.push('node-red-dev could not parse a node file (see "Unable to parse" above)');
    if (/\bError:|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/.test(r.out)) failures.push('node-red-dev reported an error (see above)');
    let card = {};
    try {
      card = JSON.parse(fs.readFileSync(out, 'utf8'));
    } catch {
      failures.push('node-red-dev wrote no scorecard');
    }
    if (process.env.PYRAMID_SCORECARD_OUT) fs.writeFileSync(process.env.PYRAMID_SCORECARD_OUT, JSON.stringify(card, null, 2));
    const checks = Object.entries(card).filter(([, v]) => v && typeof v === 'object' && 'test' in v);
    for (const want of ['P01', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'N01', 'N02', 'D01', 'D02', 'D03']) {
      if (!card[want]) failures.push(`check ${want} did not run`);
    }
    const accepted = (process.env.PYRAMID_SCORECARD_ACCEPT || '').split(/[\s,]+/).filter(Boolean);
    for (const [k, v] of checks) {
      if (v.test === true) continue;
      if (accepted.includes(k)) console.log(`ACCEPTED check ${k} failed: ${JSON.stringify(v)} (PYRAMID_SCORECARD_ACCEPT)`);
      else failures.push(`check ${k} failed: ${JSON.stringify(v)}`);
    }
    // N02 lists the (non-config) node types node-red-dev read from the editor files and found in an example
    const seen = (card.N02 && card.N02.nodes) || [];
    const unseen = types.nodes.filter((t) => !seen.includes(t));
    if (unseen.length) failures.push(`node types not seen in the editor files or in no example: ${unseen.join(', ')}`);
    console.log('');
    console.log(`scorecard: ${checks.length} checks (${checks.map(([k, v]) => `${k} ${v.test ? 'pass' : 'FAIL'}`).join(', ')})`);
    console.log(`node types: ${types.all.length} (${types.config.length} config nodes), ${seen.length} of ${types.nodes.length} non-config types seen and in an example`);
  } finally {
    server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`${failures.length ? 'FAIL' : 'PASS'} Flow Library scorecard (node-red-dev ${NODE_RED_DEV}) in ${Math.round((Date.now() - t0) / 1000)} s`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`FAIL ${e.message}`);
  process.exit(2);
});
