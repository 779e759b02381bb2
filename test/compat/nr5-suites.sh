#!/usr/bin/env bash
# The node test suites on Node-RED 5 with Node 22, besides the normal run (npm test) on the
# dev dependency Node-RED 4 with this machine's Node 20.
#
# A copy of the repository (sources and the built dist/, no .git) in a temp folder gets a
# node_modules that is the repository's own, entry by entry (symlinks), except `node-red` and
# `@node-red/*`, which point to a Node-RED 5 install (the one test/compat/load.sh keeps in its
# cache). So every `require('node-red')`, node-red-node-test-helper's runtime and every
# `require('@node-red/…')` of the package and the tests is Node-RED 5; all else is what npm test uses.
# Then scripts/run-tests.js runs the suites below on Node 22 (npm package node@22).
#
# The suites: those that run the package's nodes in a real Node-RED runtime (node-red-node-test-
# helper, or a Node-RED started by the tests):
#   compat/     the 14 literal message node registrations, created by the runtime
#   nodes/      the message nodes (parse/build/split/window, the runtime's hooks and join node)
#   ws/         pyramid-ws and its endpoint, the admin endpoints (Node-RED's admin auth)
#   ftp/        the FTP nodes and two runtimes polling one folder
#   woocommerce/ the WooCommerce nodes, restarts, context store
#   map/        pyramid-map and its presets in the runtime
#   shop-api/   the shop-facing HTTP endpoints (Node-RED's httpNode)
#   examples/   every example flow deployed and run
#   hostile/    hostile input through the runtime
# Not here: unit/, sim/, shop/, context/ (no Node-RED involved), editor/ (the browser, Chromium),
# e2e/, faults/, scenarios/ (the demo and process kills: long; CI runs them on Node-RED 4), interop/.
#
# Usage: bash test/compat/nr5-suites.sh [suite/ ...]   (default: the suites above; needs dist/ built)
# Environment:
#   PYRAMID_COMPAT_CACHE      shared with load.sh: Node 22 and the Node-RED 5 install
#                             (default /tmp/pyramid-compat-cache)
#   PYRAMID_COMPAT_OFFLINE=1  use the cached Node-RED 5 without asking the registry for a newer 5.x
#   PYRAMID_COMPAT_KEEP=1     keep the copy for inspection
# Exit status: that of the test run; 2 when the setup fails.
set -euo pipefail
set -m

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PYRAMID_COMPAT_CACHE:-/tmp/pyramid-compat-cache}"
NPM_TIMEOUT=600
NPM_FLAGS=(--no-audit --no-fund --no-update-notifier --loglevel=error)
NODE22_PREFIX="$CACHE/node22"
NODE22_BIN_DIR="$NODE22_PREFIX/node_modules/node/bin"
NR5="$CACHE/node-red-5"
DEFAULT_SUITES=(compat/ nodes/ ws/ ftp/ woocommerce/ map/ shop-api/ examples/ hostile/)

log() { printf '[nr5] %s\n' "$*" >&2; }
die() { log "setup failed: $*"; echo "FAIL Node-RED 5 suites: setup failed: $*"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pyramid-nr5.XXXXXX")"
CHILD=""
cleanup() {
  local rc=$?
  set +m
  if [ -n "$CHILD" ]; then
    kill -TERM -- "-$CHILD" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$CHILD" 2>/dev/null || true
    wait "$CHILD" 2>/dev/null || true
  fi
  if [ "${PYRAMID_COMPAT_KEEP:-}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# a command as a background job (its own process group, so cleanup ends it and its children)
run() {
  "$@" 9>&- &
  CHILD=$!
  local rc=0
  wait "$CHILD" || rc=$?
  CHILD=""
  return "$rc"
}
in_dir() { cd "$1" && shift && "$@"; }

[ -f "$ROOT/dist/test/support/nodered.js" ] || die "dist/ is not built (npm run build)"
mkdir -p "$CACHE"
t0=$(date +%s)

# ---- Node 22 and Node-RED 5, as load.sh installs them (same cache, same lock) ---------------------
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
  log "another compat run is using $CACHE: waiting for it"
  flock -w 1800 9 || die "timed out waiting for $CACHE/.lock"
fi
if ! { [ -x "$NODE22_BIN_DIR/node" ] && [ "$("$NODE22_BIN_DIR/node" -p 'process.versions.node.split(".")[0]')" = 22 ]; }; then
  log "installing Node 22 (npm package node@22) into $NODE22_PREFIX"
  rm -rf "$NODE22_PREFIX.tmp"; mkdir -p "$NODE22_PREFIX.tmp"
  echo '{"name":"pyramid-compat-node22","private":true,"allowScripts":{"node":true}}' > "$NODE22_PREFIX.tmp/package.json"
  run in_dir "$NODE22_PREFIX.tmp" timeout "$NPM_TIMEOUT" npm install "${NPM_FLAGS[@]}" node@22 >&2 || die "npm install node@22 failed"
  [ -x "$NODE22_PREFIX.tmp/node_modules/node/bin/node" ] || die "npm install node@22 gave no node binary"
  rm -rf "$NODE22_PREFIX"; mv "$NODE22_PREFIX.tmp" "$NODE22_PREFIX"
fi
NODE22_PATH="$NODE22_BIN_DIR:$PATH"
have=""; want=""
[ -f "$NR5/node_modules/node-red/package.json" ] && have="$(node -p 'require(process.argv[1]).version' "$NR5/node_modules/node-red/package.json")"
if [ "${PYRAMID_COMPAT_OFFLINE:-}" != 1 ] || [ -z "$have" ]; then
  want="$(timeout 60 npm view 'node-red@^5' version --json "${NPM_FLAGS[@]}" 2>/dev/null | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v; try { v = JSON.parse(s); } catch { return; }
      v = (Array.isArray(v) ? v : [v]).filter((x) => /^\d+\.\d+\.\d+$/.test(x));
      const k = (x) => x.split(".").map(Number);
      v.sort((a, b) => { const p = k(a), q = k(b); return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
      if (v.length) console.log(v[v.length - 1]);
    });' || true)"
fi
if [ -z "$have" ] || { [ -n "$want" ] && [ "$want" != "$have" ]; }; then
  [ -n "$want" ] || die "cannot resolve node-red@^5 (registry does not answer, nothing cached)"
  log "installing node-red@$want into $NR5"
  rm -rf "$NR5.tmp"; mkdir -p "$NR5.tmp"
  echo '{"name":"pyramid-compat-node-red","private":true}' > "$NR5.tmp/package.json"
  run in_dir "$NR5.tmp" env PATH="$NODE22_PATH" timeout "$NPM_TIMEOUT" npm install "${NPM_FLAGS[@]}" --omit=dev "node-red@$want" >&2 \
    || die "npm install node-red@$want failed"
  rm -rf "$NR5"; mv "$NR5.tmp" "$NR5"
fi
# the installs stay as they are while the suites run; another run may read them too
flock -s 9

# ---- the copy ---------------------------------------------------------------------------------
COPY="$WORK/repo"
mkdir -p "$COPY/node_modules"
tar -C "$ROOT" --exclude=./node_modules --exclude=./.git --exclude=./.node-red --exclude=./.demo -cf - . | tar -C "$COPY" -xf -
for e in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
  name="$(basename "$e")"
  case "$name" in node-red|@node-red) continue ;; esac
  ln -s "$e" "$COPY/node_modules/$name"
done
ln -s "$NR5/node_modules/node-red" "$COPY/node_modules/node-red"
ln -s "$NR5/node_modules/@node-red" "$COPY/node_modules/@node-red"

nrver="$("$NODE22_BIN_DIR/node" -p "require(require.resolve('node-red/package.json', { paths: [process.argv[1]] })).version" "$COPY")"
helperver="$("$NODE22_BIN_DIR/node" -p "require(require.resolve('node-red-node-test-helper/package.json', { paths: [process.argv[1]] })).version" "$COPY")"
case "$nrver" in 5.*) ;; *) die "the copy resolves node-red $nrver, not 5.x" ;; esac
log "Node-RED $nrver on Node $("$NODE22_BIN_DIR/node" --version), node-red-node-test-helper $helperver; setup $(( $(date +%s) - t0 )) s"

if [ "$#" -gt 0 ]; then SUITES=("$@"); else SUITES=("${DEFAULT_SUITES[@]}"); fi
log "suites: ${SUITES[*]}"
t1=$(date +%s)
rc=0
run in_dir "$COPY" env PATH="$NODE22_PATH" "$NODE22_BIN_DIR/node" scripts/run-tests.js "${SUITES[@]}" || rc=$?
echo
if [ "$rc" -eq 0 ]; then
  echo "PASS node test suites (${SUITES[*]}) on Node-RED $nrver, Node $("$NODE22_BIN_DIR/node" --version) in $(( $(date +%s) - t1 )) s"
else
  echo "FAIL node test suites on Node-RED $nrver, Node $("$NODE22_BIN_DIR/node" --version): exit $rc after $(( $(date +%s) - t1 )) s"
fi
exit "$rc"
