#!/usr/bin/env bash
# Compatibility check: does the package, as published, load in the oldest and the newest Node-RED
# we support? For each of Node-RED 3.1 (latest 3.1.x, on this machine's Node 20) and Node-RED 5
# (latest 5.x, on Node 22 from the npm package `node@22`):
#
#   1. a fresh user dir gets THIS package installed from the tarball `npm pack` makes, i.e. what a
#      user installing from the Flow Library gets (only the files package.json "files" lists), with
#      the target Node on PATH; an engine warning (EBADENGINE) from any dependency fails the check;
#   2. Node-RED starts on a free 127.0.0.1 port with a minimal settings file;
#   3. the admin API must show: our three node sets loaded and enabled with no `err` and exactly
#      every node type registered (GET /nodes, JSON); each type's editor template and help in
#      the editor HTML (GET /nodes, HTML); each set's en-US catalogue (GET /locales/<set>); icons;
#   4. examples/"Complete integration.json" deploys (POST /flows), GET /flows returns all of it with
#      every type known to the runtime, the runtime starts the flows ("Started flows", no "missing
#      types"), logs no programming error and no [error] from our nodes, and still runs 4 s later.
#
# The example flow is deployed with every 127.0.0.1:<port> address in it (FTP server, WSDL, SOAP
# endpoint, shop URL) pointed at a closed port, so it cannot touch a simulator or demo someone
# runs on the default ports. The connection warnings it then logs are expected.
# Not covered: the editor's JavaScript in a browser (test/editor does that, on the dev Node-RED).
#
# Usage: bash test/compat/load.sh            (npm run test:compat)
# Environment:
#   PYRAMID_COMPAT_CACHE      Node 22 and the Node-RED installs, kept between runs
#                             (default /tmp/pyramid-compat-cache)
#   PYRAMID_COMPAT_VERSIONS   Node-RED lines to check (default "3.1 5")
#   PYRAMID_COMPAT_OFFLINE=1  do not ask the registry whether a newer 3.1.x / 5.x is out; use the
#                             cached install
#   PYRAMID_COMPAT_SKIP_BUILD=1  pack the existing dist/ (npm pack --ignore-scripts) instead of
#                             letting npm pack run the prepare script (npm run build)
#   PYRAMID_COMPAT_KEEP=1     keep the work folder (tarball, user dirs, logs) for inspection
#   PYRAMID_COMPAT_START_TIMEOUT  seconds to wait for Node-RED to answer (default 90)
# Exit status: 0 when every line passes, 1 when one fails, 2 when the setup fails.
set -euo pipefail
# job control: every background job gets its own process group, so cleanup can end a job and all
# it spawned; and a `wait` (unlike a foreground command) lets INT/TERM be handled at once
set -m

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PYRAMID_COMPAT_CACHE:-/tmp/pyramid-compat-cache}"
VERSIONS="${PYRAMID_COMPAT_VERSIONS:-3.1 5}"
START_TIMEOUT="${PYRAMID_COMPAT_START_TIMEOUT:-90}"
SETTLE_SECONDS=4
NPM_TIMEOUT=600
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier --loglevel=error)
SYSTEM_NODE="$(command -v node)"
SYS_PATH="$PATH"
NODE22_PREFIX="$CACHE/node22"
NODE22_BIN_DIR="$NODE22_PREFIX/node_modules/node/bin"
NODE22_PATH="$NODE22_BIN_DIR:$PATH"

log() { printf '[compat] %s\n' "$*" >&2; }
die() {
  local line
  log "setup failed: $*"
  for line in $VERSIONS; do echo "FAIL Node-RED $line: setup failed: $*"; done
  exit 2
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pyramid-compat.XXXXXX")"
CHILD=""    # the job being waited for (npm, the checker)
NR_PID=""   # the Node-RED being checked

# run a command as a background job and wait for it (without the cache lock's descriptor, so a
# straggler cannot hold the lock)
run() {
  "$@" 9>&- &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}
in_dir() { cd "$1" && shift && "$@"; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_nodered() {
  # SIGINT: Node-RED stops its flows and exits; its process group gets SIGKILL after 10 s
  local pid="$NR_PID" _
  NR_PID=""
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then log "Node-RED (pid $pid) did not stop in 10 s: killing it"; fi
  fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +m   # no job notices from here on
  if [ -n "$CHILD" ]; then
    kill -TERM -- "-$CHILD" 2>/dev/null || true
    sleep 0.5
    kill -KILL -- "-$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  stop_nodered
  if [ "${PYRAMID_COMPAT_KEEP:-}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

mkdir -p "$CACHE"
PKG_NAME="$(node -p 'require(process.argv[1]).name' "$ROOT/package.json")"
PKG_VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"

# ---- Node 22 (for Node-RED 5), from npm's `node` package --------------------------------------
ensure_node22() {
  if [ -x "$NODE22_BIN_DIR/node" ] && [ "$("$NODE22_BIN_DIR/node" -p 'process.versions.node.split(".")[0]')" = 22 ]; then
    return 0
  fi
  log "installing Node 22 (npm package node@22) into $NODE22_PREFIX"
  rm -rf "$NODE22_PREFIX.tmp"
  mkdir -p "$NODE22_PREFIX.tmp"
  # its preinstall script installs the matching node-linux-<arch> package, also from npm
  # (allowScripts: npm 11.16+ warns about, and npm 12 blocks, dependency install scripts not listed)
  echo '{"name":"pyramid-compat-node22","private":true,"allowScripts":{"node":true}}' > "$NODE22_PREFIX.tmp/package.json"
  run in_dir "$NODE22_PREFIX.tmp" timeout "$NPM_TIMEOUT" npm install "${NPM_FLAGS[@]}" node@22 >&2 \
    || die "npm install node@22 failed"
  [ -x "$NODE22_PREFIX.tmp/node_modules/node/bin/node" ] || die "npm install node@22 gave no node binary"
  rm -rf "$NODE22_PREFIX"
  mv "$NODE22_PREFIX.tmp" "$NODE22_PREFIX"
}

# ---- Node-RED installs, one per line, reused between runs --------------------------------------
# the newest published release matching a range; nothing when the registry does not answer
latest_version() {
  local json
  json="$(timeout 60 npm view "node-red@$1" version --json --fetch-retries=1 "${NPM_FLAGS[@]}" 2>/dev/null)" || return 0
  node -e '
    let v = JSON.parse(process.argv[1]); if (!Array.isArray(v)) v = [v];
    v = v.filter((s) => /^\d+\.\d+\.\d+$/.test(s));
    const key = (s) => s.split(".").map(Number);
    v.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    if (v.length) console.log(v[v.length - 1]);' "$json"
}

# $1 = line (3.1 | 5), $2 = PATH to install with (selects the Node npm runs on)
ensure_nodered() {
  local line="$1" path="$2" dir="$CACHE/node-red-$1" range want="" have=""
  if [ "$line" = 5 ]; then range="^5"; else range="~$line"; fi
  if [ -f "$dir/node_modules/node-red/package.json" ]; then
    have="$(node -p 'require(process.argv[1]).version' "$dir/node_modules/node-red/package.json")"
  fi
  if [ "${PYRAMID_COMPAT_OFFLINE:-}" != 1 ] || [ -z "$have" ]; then want="$(latest_version "$range")"; fi
  if [ -n "$have" ] && { [ -z "$want" ] || [ "$want" = "$have" ]; }; then
    if [ -z "$want" ] && [ "${PYRAMID_COMPAT_OFFLINE:-}" != 1 ]; then log "registry does not answer: using the cached node-red $have"; fi
    return 0
  fi
  [ -n "$want" ] || die "cannot resolve node-red@$range (registry does not answer, nothing cached)"
  log "installing node-red@$want into $dir"
  rm -rf "$dir.tmp"
  mkdir -p "$dir.tmp"
  echo '{"name":"pyramid-compat-node-red","private":true}' > "$dir.tmp/package.json"
  run in_dir "$dir.tmp" env PATH="$path" timeout "$NPM_TIMEOUT" npm install "${NPM_FLAGS[@]}" --omit=dev "node-red@$want" >&2 \
    || die "npm install node-red@$want failed"
  rm -rf "$dir"
  mv "$dir.tmp" "$dir"
}

# ---- the package as npm publishes it: sets TGZ --------------------------------------------------
TGZ=""
pack() {
  local out="$WORK/pack"
  mkdir -p "$out"
  if [ "${PYRAMID_COMPAT_SKIP_BUILD:-}" = 1 ]; then
    log "npm pack --ignore-scripts (PYRAMID_COMPAT_SKIP_BUILD=1: packing the existing dist/)"
    run in_dir "$ROOT" npm pack --ignore-scripts --pack-destination "$out" "${NPM_FLAGS[@]}" >"$WORK/pack.log" 2>&1 \
      || { cat "$WORK/pack.log" >&2; die "npm pack failed"; }
  else
    log "npm pack (its prepare script runs npm run build)"
    run in_dir "$ROOT" npm pack --pack-destination "$out" "${NPM_FLAGS[@]}" >"$WORK/pack.log" 2>&1 \
      || { cat "$WORK/pack.log" >&2; die "npm pack (with npm run build) failed"; }
  fi
  local made=("$out"/*.tgz)
  [ -f "${made[0]}" ] || die "npm pack made no tarball"
  TGZ="${made[0]}"
  # what a user must get: main, each node file of package.json "node-red", its HTML and locale,
  # the icons, the example flow
  node -e '
    const pkg = require(process.argv[1]);
    const listed = new Set(process.argv[2].split("\n").map((l) => l.replace(/^package\//, "")));
    const need = [pkg.main, "examples/Complete integration.json"];
    for (const js of Object.values(pkg["node-red"].nodes)) {
      const dir = js.slice(0, js.lastIndexOf("/")), name = js.slice(dir.length + 1, -3);
      need.push(js, `${dir}/${name}.html`, `${dir}/locales/en-US/${name}.json`);
    }
    for (const i of ["pyramid-ftp", "pyramid-msg-in", "pyramid-msg-out", "pyramid-msg-ws", "pyramid-ws"]) need.push(`dist/nodes/icons/${i}.svg`);
    const missing = need.filter((f) => !listed.has(f));
    if (missing.length) { console.error("the tarball lacks: " + missing.join(", ")); process.exit(1); }
  ' "$ROOT/package.json" "$(tar -tzf "$TGZ")" || die "the tarball is incomplete (package.json \"files\")"
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# ---- one Node-RED line: install the tarball into a user dir, start, check, stop; sets RESULT ----
RESULT=""
check_line() {
  local line="$1" path="$2" nrdir="$CACHE/node-red-$1" ud="$WORK/user-$1" logf="$WORK/node-red-$1.log"
  local nodebin nodever nrver port dead rc=0
  nodebin="$(PATH="$path" command -v node)"
  nodever="$("$nodebin" --version)"
  nrver="$(node -p 'require(process.argv[1]).version' "$nrdir/node_modules/node-red/package.json")"
  RESULT="Node-RED $nrver on Node $nodever"
  log "---- $RESULT"

  mkdir -p "$ud"
  echo '{"name":"node-red-project","private":true}' > "$ud/package.json"
  # as a user does it: today's dependency versions (no --prefer-offline), this Node on PATH, so
  # npm checks the dependencies' engines against it
  if ! run in_dir "$ud" env PATH="$path" timeout "$NPM_TIMEOUT" npm install "${NPM_FLAGS[@]}" --loglevel=warn \
      --omit=dev "$TGZ" >"$WORK/install-$line.log" 2>&1; then
    sed 's/^/    /' "$WORK/install-$line.log" >&2
    echo "  FAIL npm install of the tarball into the user dir failed" >&2
    return 1
  fi
  if grep -q 'EBADENGINE' "$WORK/install-$line.log"; then
    grep -A4 'EBADENGINE' "$WORK/install-$line.log" | sed 's/^/    /' >&2
    echo "  FAIL a dependency does not support Node $nodever (EBADENGINE)" >&2
    return 1
  fi
  echo "  ok   $(basename "$TGZ") installed into a fresh user dir (no engine warnings)" >&2

  port="$(free_port)"
  dead="$(free_port)"
  {
    echo "module.exports = {"
    echo "  uiHost: '127.0.0.1',"
    echo "  uiPort: $port,"
    echo "  flowFile: 'flows.json',"
    echo "  credentialSecret: false,"
    echo "  telemetry: { enabled: false, updateNotification: false },"
    echo "  editorTheme: { projects: { enabled: false }, tours: false, palette: { catalogues: [] } },"
    echo "  logging: { console: { level: 'info', metrics: false, audit: false } },"
    echo "};"
  } > "$ud/settings.js"
  env PATH="$path" "$nodebin" "$nrdir/node_modules/node-red/red.js" --settings "$ud/settings.js" --userDir "$ud" \
    >"$logf" 2>&1 </dev/null 9>&- &
  NR_PID=$!

  PYRAMID_COMPAT_URL="http://127.0.0.1:$port" PYRAMID_COMPAT_PID="$NR_PID" PYRAMID_COMPAT_LOG="$logf" \
  PYRAMID_COMPAT_DEAD_PORT="$dead" PYRAMID_COMPAT_START_TIMEOUT="$START_TIMEOUT" PYRAMID_COMPAT_SETTLE="$SETTLE_SECONDS" \
  PYRAMID_COMPAT_PKG="$PKG_NAME" PYRAMID_COMPAT_PKG_VERSION="$PKG_VERSION" PYRAMID_COMPAT_ROOT="$ROOT" \
    run timeout $((START_TIMEOUT + 120)) "$SYSTEM_NODE" "$WORK/check.js" || rc=$?
  if [ "$rc" -ne 0 ]; then
    log "Node-RED log (last 60 lines):"
    tail -n 60 "$logf" | sed 's/^/    /' >&2
  fi
  stop_nodered
  return "$rc"
}

# ---- the checks against a running Node-RED (run with this machine's Node) -------------------
cat > "$WORK/check.js" <<'JS'
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const E = process.env;
const base = E.PYRAMID_COMPAT_URL;
const pid = Number(E.PYRAMID_COMPAT_PID);
const pkgName = E.PYRAMID_COMPAT_PKG;
const root = E.PYRAMID_COMPAT_ROOT;
const pkg = require(path.join(root, 'package.json'));

// The node types the package must register: 14 message nodes (one per catalogue type), the
// FTP and web-service transports and the WooCommerce nodes. A type added or removed is a deliberate change: update here.
const EXPECTED_TYPES = [
  'pyramid-base-data', 'pyramid-article', 'pyramid-kit-article', 'pyramid-order', 'pyramid-quote',
  'pyramid-order-status', 'pyramid-order-history', 'pyramid-customer', 'pyramid-contact', 'pyramid-login',
  'pyramid-stock', 'pyramid-customer-price', 'pyramid-price-list', 'pyramid-images',
  'pyramid-ftp-server', 'pyramid-ftp-in', 'pyramid-ftp-out',
  'pyramid-ws-endpoint', 'pyramid-ws', 'pyramid-map', 'pyramid-shop-access', 'pyramid-shop-in', 'pyramid-shop-response',
  'woocommerce-store', 'woocommerce-in', 'woocommerce-out',
];
const ICONS = ['pyramid-ftp.svg', 'pyramid-msg-in.svg', 'pyramid-msg-out.svg', 'pyramid-msg-ws.svg', 'pyramid-in.svg', 'pyramid-out.svg', 'pyramid-ws.svg', 'pyramid-map.svg', 'pyramid-shop-api.svg', 'woocommerce.svg', 'woocommerce-in.svg', 'woocommerce-out.svg'];
const STRUCTURAL = new Set(['tab', 'group', 'subflow', 'junction']);

const failures = [];
const fail = (m) => { failures.push(m); console.error('  FAIL ' + m); };
const ok = (m) => console.error('  ok   ' + m);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
// Node-RED 3.x reports a set's load error as a string; 5.x sends the Error object, which
// serialises to {} (the message is then only in its log, printed below on failure)
const errText = (e) => {
  if (typeof e === 'string') return e;
  if (e && e.message) return e.message + (e.code ? ` (${e.code})` : '');
  const j = JSON.stringify(e);
  return j === '{}' ? 'an error (details in the Node-RED log below)' : j;
};
const readLog = () => { try { return fs.readFileSync(E.PYRAMID_COMPAT_LOG, 'utf8'); } catch { return ''; } };

async function req(p, opts = {}) {
  const res = await fetch(base + p, { ...opts, signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') || '' };
}

async function waitReady() {
  const deadline = Date.now() + Number(E.PYRAMID_COMPAT_START_TIMEOUT) * 1000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('Node-RED exited during start-up');
    try {
      const r = await req('/settings', { headers: { Accept: 'application/json' } });
      if (r.status === 200) return JSON.parse(r.text);
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  throw new Error(`Node-RED did not answer on ${base} within ${E.PYRAMID_COMPAT_START_TIMEOUT} s`);
}

async function main() {
  const t0 = Date.now();
  const settings = await waitReady();
  ok(`Node-RED ${settings.version} answers on ${base} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // -- node sets and types
  const list = JSON.parse((await req('/nodes', { headers: { Accept: 'application/json' } })).text);
  const ours = list.filter((s) => s.module === pkgName);
  const wantSets = Object.keys(pkg['node-red'].nodes).sort();
  const gotSets = ours.map((s) => s.name).sort();
  if (JSON.stringify(gotSets) !== JSON.stringify(wantSets)) fail(`node sets: expected ${wantSets.join(', ')}, got ${gotSets.join(', ') || 'none'}`);
  for (const s of ours) {
    if (s.err) fail(`node set ${s.id} failed to load: ${errText(s.err)}`);
    if (s.enabled !== true) fail(`node set ${s.id} is not enabled`);
    if (s.loaded === false) fail(`node set ${s.id} is not loaded`);
    if (s.version !== E.PYRAMID_COMPAT_PKG_VERSION) fail(`node set ${s.id} has version ${s.version}, expected ${E.PYRAMID_COMPAT_PKG_VERSION}`);
  }
  const types = ours.filter((s) => !s.err && s.enabled !== false).flatMap((s) => s.types);
  const missing = EXPECTED_TYPES.filter((t) => !types.includes(t));
  const extra = types.filter((t) => !EXPECTED_TYPES.includes(t));
  if (missing.length) fail(`types not registered: ${missing.join(', ')}`);
  if (extra.length) fail(`unexpected types registered: ${extra.join(', ')}`);
  if (!missing.length && !extra.length && ours.every((s) => !s.err && s.enabled === true)) {
    ok(`${ours.length} node sets loaded and enabled, ${types.length} types registered`);
  }
  for (const s of list.filter((s) => s.err && s.module !== pkgName)) console.error(`  note another module's set failed: ${s.id}: ${errText(s.err)}`);

  // -- editor: templates and help in the node HTML, message catalogues, icons
  const html = (await req('/nodes', { headers: { Accept: 'text/html' } })).text;
  const has = (attr, t) => new RegExp(`<script[^>]*\\b${attr}=["']${t.replace(/[-]/g, '\\-')}["']`).test(html);
  const noTemplate = EXPECTED_TYPES.filter((t) => !has('data-template-name', t));
  const noHelp = EXPECTED_TYPES.filter((t) => !has('data-help-name', t));
  if (noTemplate.length) fail(`editor HTML lacks the template of: ${noTemplate.join(', ')}`);
  if (noHelp.length) fail(`editor HTML lacks the help of: ${noHelp.join(', ')}`);
  if (!noTemplate.length && !noHelp.length) ok(`editor HTML has the template and help of all ${EXPECTED_TYPES.length} types`);

  // the editor loads each set's catalogue from /locales/<set id>
  const noCatalog = [];
  for (const s of ours) {
    const r = await req(`/locales/${s.id}?lng=en-US`, { headers: { Accept: 'application/json' } });
    let cat = {};
    try { cat = JSON.parse(r.text); } catch { /* reported below */ }
    // a set's catalogue holds its nodes' keys (usually under the set's name, or under each node type's)
    if (r.status !== 200 || !Object.keys(cat).length) noCatalog.push(`${s.id} (${r.status})`);
  }
  if (noCatalog.length) fail(`no en-US message catalogue for: ${noCatalog.join(', ')}`);
  else ok(`en-US message catalogues of ${ours.length} sets served`);

  const badIcons = [];
  for (const icon of ICONS) {
    const r = await req(`/icons/${pkgName}/${icon}`);
    if (r.status !== 200 || !/svg/.test(r.type)) badIcons.push(`${icon} (${r.status} ${r.type})`);
  }
  if (badIcons.length) fail(`icons not served: ${badIcons.join(', ')}`);
  else ok(`${ICONS.length} icons served`);

  // -- deploy the example flow, its loopback addresses pointed at a closed port
  const dead = E.PYRAMID_COMPAT_DEAD_PORT;
  const raw = fs.readFileSync(path.join(root, 'examples', 'Complete integration.json'), 'utf8');
  const foreign = (raw.match(/\b(?:https?|ftps?):\/\/(?!127\.0\.0\.1[:/])[a-z0-9.-]+[:/]/gi) || []);
  if (foreign.length) throw new Error(`example flow has non-loopback addresses: ${foreign.join(', ')}`);
  const flow = JSON.parse(raw.replace(/127\.0\.0\.1:\d+/g, `127.0.0.1:${dead}`));
  for (const n of flow) if (n.type === 'pyramid-ftp-server') n.port = Number(dead);
  const startedBefore = (readLog().match(/Started flows/g) || []).length;
  const dep = await req('/flows', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Node-RED-Deployment-Type': 'full' },
    body: JSON.stringify(flow),
  });
  if (dep.status !== 204 && dep.status !== 200) fail(`POST /flows answered ${dep.status}: ${dep.text.slice(0, 300)}`);
  else ok(`example flow deployed (${flow.length} nodes, POST /flows ${dep.status})`);

  // the runtime starts the flows after answering: wait for it
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && (readLog().match(/Started flows/g) || []).length <= startedBefore && alive()) {
    if (/Waiting for missing types/.test(readLog())) break;
    await sleep(200);
  }
  await sleep(Number(E.PYRAMID_COMPAT_SETTLE) * 1000);   // let the nodes connect, fail, retry

  const logText = readLog();
  if ((logText.match(/Started flows/g) || []).length <= startedBefore) fail('the runtime did not log "Started flows" after the deploy');
  const missingLog = logText.match(/Waiting for missing types[^\n]*(\n[^\n]*\[info\]\s+- [^\n]*)*/);
  if (missingLog) fail(`runtime: ${missingLog[0].replace(/\n[^\n]*\[info\]\s+- /g, ' ').trim()}`);

  if (!alive()) {
    fail('Node-RED exited after the deploy');
  } else {
    const back = JSON.parse((await req('/flows', { headers: { Accept: 'application/json' } })).text);
    const flows = Array.isArray(back) ? back : back.flows;
    const known = new Set(list.flatMap((s) => (s.enabled !== false && !s.err ? s.types : [])));
    const unknown = [...new Set(flows.map((n) => n.type).filter((t) => t === 'unknown' || (!STRUCTURAL.has(t) && !t.startsWith('subflow:') && !known.has(t))))];
    const lost = flow.filter((n) => !flows.some((m) => m.id === n.id && m.type === n.type)).map((n) => n.id);
    if (unknown.length) fail(`GET /flows has types the runtime does not know: ${unknown.join(', ')}`);
    if (lost.length) fail(`GET /flows lacks ${lost.length} deployed nodes (e.g. ${lost.slice(0, 3).join(', ')})`);
    if (flows.length !== flow.length) fail(`GET /flows returned ${flows.length} nodes, deployed ${flow.length}`);
    if (!unknown.length && !lost.length && flows.length === flow.length) {
      ok(`GET /flows returns the ${flows.length} nodes, every type known; flows started; still running after ${E.PYRAMID_COMPAT_SETTLE} s`);
    }
  }

  // programming errors anywhere, and errors from our nodes (a node that cannot be created, a
  // configuration this Node-RED reads differently); connection warnings are expected and fine
  const bad = logText.split('\n').filter((l) => /\b(TypeError|ReferenceError|SyntaxError|RangeError)\b|is not a function|Cannot read propert|\[error\] \[pyramid-/.test(l));
  if (bad.length) fail(`errors in the Node-RED log:\n      ${bad.slice(0, 10).join('\n      ')}`);
}

main().then(
  () => process.exit(failures.length ? 1 : 0),
  (e) => { console.error('  FAIL ' + e.message); process.exit(1); },
);
JS

# ---- main -------------------------------------------------------------------------------------
t0=$(date +%s)
# one run at a time uses the cache (a run may replace an install when a new 3.1.x / 5.x is out);
# the lock is held until this script exits
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another compat check is using $CACHE: waiting for it"
  flock -w 900 9 || die "timed out waiting for $CACHE/.lock"
fi
for line in $VERSIONS; do
  case "$line" in
    3.1) ensure_nodered 3.1 "$SYS_PATH" ;;
    5) ensure_node22; ensure_nodered 5 "$NODE22_PATH" ;;
    *) die "unsupported Node-RED line $line (3.1 or 5)" ;;
  esac
done
log "Node-RED installs ready ($(( $(date +%s) - t0 )) s)"

pack
log "packed $(basename "$TGZ"): $(tar -tzf "$TGZ" | wc -l) files ($(( $(date +%s) - t0 )) s)"

status=0
SUMMARY=()
for line in $VERSIONS; do
  t1=$(date +%s)
  if [ "$line" = 5 ]; then path="$NODE22_PATH"; else path="$SYS_PATH"; fi
  if check_line "$line" "$path"; then
    SUMMARY+=("PASS $RESULT: $PKG_NAME@$PKG_VERSION loads (every node type, editor files), example flow deploys ($(( $(date +%s) - t1 )) s)")
  else
    SUMMARY+=("FAIL $RESULT: see the failed checks above ($(( $(date +%s) - t1 )) s)")
    status=1
  fi
done

echo
for s in "${SUMMARY[@]}"; do echo "$s"; done
echo "compat check: $(( $(date +%s) - t0 )) s"
exit "$status"
