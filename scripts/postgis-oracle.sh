#!/usr/bin/env bash
# The external oracle (issue #6, item 7): a throwaway PostgreSQL 15 + PostGIS 3 cluster (Debian
# packages, installed by scripts/setup.sh) that listens on a unix socket in a temp dir only (no
# TCP), into which scripts/postgis-oracle.mjs loads the Siming sample's leaf cells and positions
# and compares ST_Covers with jinlin's assignment through the built npm package.
# The cluster is stopped and its directory removed on exit, whatever happens.
#
#   scripts/postgis-oracle.sh [SAMPLE_DIR]     (default www/data; needs scripts/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
sample=${1:-www/data}
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "postgis-oracle: $bin/initdb missing (scripts/setup.sh installs it)" >&2; exit 1; }
ls /usr/share/postgresql/15/extension/postgis.control >/dev/null \
  || { echo "postgis-oracle: PostGIS missing (scripts/setup.sh installs postgresql-15-postgis-3)" >&2; exit 1; }

dir=$(mktemp -d /tmp/jinlin-postgis.XXXXXX)
# initdb and postgres refuse to run as root: the cluster belongs to the `postgres` user.
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bin/initdb" -D "$dir/db" -U postgres --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# No TCP at all (listen_addresses empty): only the socket in $dir; fsync off (throwaway data).
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/db" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c work_mem=64MB" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

node scripts/postgis-oracle.mjs --socket "$dir" --work "$dir" --sample "$sample"
