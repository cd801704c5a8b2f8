#!/usr/bin/env bash
# Start-up time, peak RSS and AWS SDK clients loaded by `orgscan --version`, `orgscan checks` and
# `orgscan scan --help`, and the peak RSS of a small scan (the emulated organization of
# try-emulated-org.sh: moto_server on loopback, 3 member accounts × 2 regions). Never touches AWS.
# Needs GNU time (/usr/bin/time) and a built dist/. Usage: scripts/measure-cli.sh [--no-scan]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
[ -f dist/cli/index.js ] || { echo "run npm run build first" >&2; exit 1; }
RUNS=${RUNS:-5}
HOOK="$(mktemp /tmp/orgscan-measure-hook.XXXXXX.mjs)"
trap 'rm -f "$HOOK"' EXIT
cat >"$HOOK" <<'JS'
import { registerHooks } from 'node:module';
const clients = new Set();
registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); const m = /node_modules\/@aws-sdk\/(client-[^/]+)/.exec(r.url); if (m) clients.add(m[1]); return r; } });
process.on('exit', () => process.stderr.write(`\nSDK_CLIENTS ${clients.size} ${[...clients].join(',')}\n`));
JS

measure() {
  local label=$1; shift
  local times=() rss=() clients=""
  for _ in $(seq 1 "$RUNS"); do
    local out
    out=$( { /usr/bin/time -f 'TIME %e %M' node --import "$HOOK" dist/cli/index.js "$@" >/dev/null; } 2>&1 || true)
    times+=("$(grep '^TIME' <<<"$out" | awk '{print $2}')")
    rss+=("$(grep '^TIME' <<<"$out" | awk '{print $3}')")
    clients=$(grep '^SDK_CLIENTS' <<<"$out" | cut -d' ' -f2-)
  done
  local median max
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  max=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  printf '%-28s median %5s s over %d runs, peak RSS %4d MB, AWS SDK clients loaded: %s\n' "$label" "$median" "$RUNS" $((max / 1024)) "$clients"
}

measure 'orgscan --version' --version
measure 'orgscan checks' checks
measure 'orgscan scan --help' scan --help

[ "${1:-}" = "--no-scan" ] && exit 0
command -v moto_server >/dev/null || { echo "moto_server is required for the scan measurement" >&2; exit 1; }
ENV_FILE="$(mktemp /tmp/orgscan-emulator.XXXXXX)"
rm -f "$ENV_FILE"
node dist/emulator/moto/serve.js --write-env "$ENV_FILE" >/dev/null 2>&1 &
EMULATOR=$!
trap 'kill $EMULATOR 2>/dev/null; wait $EMULATOR 2>/dev/null; rm -f "$ENV_FILE" "$HOOK"' EXIT
for _ in $(seq 1 600); do [ -s "$ENV_FILE" ] && break; kill -0 $EMULATOR 2>/dev/null || exit 1; sleep 0.2; done
# shellcheck disable=SC1090
. "$ENV_FILE"
RUNS=${SCAN_RUNS:-3} measure 'scan: 3 accounts × 2 regions' scan --org --regions us-east-1,eu-west-1 --quiet
