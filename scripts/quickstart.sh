#!/usr/bin/env bash
# First run on a fresh machine: Node 24 if the machine's is older, install, build, then
# `orgscan demo` — a scan of a synthetic organization served by the local service. No AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node24.sh
npm ci --loglevel=error
npm run build --silent
exec node dist/cli/index.js demo "$@"
