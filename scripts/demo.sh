#!/usr/bin/env bash
# The main job: installs what is missing, builds the npm package into pkg/, generates the
# Siming sample and serves the demo portal at http://127.0.0.1:${PORT:-8080}/www/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8080}"
