#!/usr/bin/env bash
# Debian's python3-zeep, the third-party SOAP stack test/interop/zeep.test.ts runs against the
# project's WSDL (with Debian's /usr/bin/python3, not a pyenv python on PATH). Idempotent: does
# nothing when /usr/bin/python3 can already import zeep. Needs root.
set -euo pipefail
if /usr/bin/python3 -c 'import zeep' >/dev/null 2>&1; then
  echo "[interop-ws] python3-zeep already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3-zeep
/usr/bin/python3 -c 'import zeep; print("[interop-ws] python3-zeep", zeep.__version__)'
