#!/usr/bin/env bash
# Scans an emulated AWS Organization (moto_server on loopback, 3 member accounts × 2 regions,
# planted problems) with the real orgscan CLI, and writes report.html. Never touches AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
[ -f dist/cli/index.js ] || { npm ci --loglevel=error && npm run build --silent; }
command -v moto_server >/dev/null || { echo "moto_server is required (pip package moto[server])" >&2; exit 1; }

ENV_FILE="$(mktemp /tmp/orgscan-emulator.XXXXXX)"
rm -f "$ENV_FILE"
node dist/emulator/moto/serve.js --write-env "$ENV_FILE" &
EMULATOR=$!
trap 'kill $EMULATOR 2>/dev/null; wait $EMULATOR 2>/dev/null; rm -f "$ENV_FILE"' EXIT
for _ in $(seq 1 600); do [ -s "$ENV_FILE" ] && break; kill -0 $EMULATOR 2>/dev/null || exit 1; sleep 0.2; done
# shellcheck disable=SC1090
. "$ENV_FILE"

node dist/cli/index.js scan --org --regions us-east-1,eu-west-1 "$@"
node dist/cli/index.js scan --org --regions us-east-1,eu-west-1 --quiet --format html --output report.html
echo "report written to $PWD/report.html"
