#!/usr/bin/env bash
# Population import figures (issue 5) for docs/performance.md:
#   - `hcard import residents` of a synthetic list (valid GB 11643 numbers, Chinese names, 1% defective rows) into a
#     fresh PostgreSQL database, end to end (hashing, parsing, validation, in-file dedupe, encryption, blind indexes,
#     COPY + set-based merge, checkpoints), in rows/s and peak RSS (/usr/bin/time -v);
#   - the baseline of the same run: raw binary COPY of the same stored rows (SELECT * FROM "Residents") into an
#     equivalent table (LIKE "Residents" INCLUDING ALL: same columns, same indexes) through psql's \copy;
#   - the same import into SQLite.
#
#   bench/load/import.sh [rows, default 1000000] [chunk size, default 10000]
#
# Needs HEALTHCARD_TEST_POSTGRES, psql and /usr/bin/time. The importer and PostgreSQL share this machine's cores.
set -euo pipefail
rows=${1:-1000000}
chunk=${2:-10000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
db="hc_import_bench_$$"
psql_conn() { echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/'; }
cleanup() {
  psql "$(psql_conn)" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish "$root/src/HealthCard.Cli" -c Release -o "$work/cli" --nologo -v quiet >/dev/null
dotnet run -c Release --project "$root/bench/HealthCard.Benchmarks" -- population-csv "$work/population.csv" "$rows"
echo "file: $(du -h "$work/population.csv" | cut -f1)"

export HealthCard__DataProtection__KeyFile="$work/healthcard.keys"
export Logging__LogLevel__Default=Warning

# Runs the import under /usr/bin/time -v; prints the summary lines and the rate.
measure() { # label
  /usr/bin/time -v dotnet "$work/cli/hcard.dll" import residents "$work/population.csv" --region 130105 --tag poverty \
    --source "压测名单" --chunk-size "$chunk" >"$work/$1.out" 2>"$work/$1.time"
  grep -E '^job|^  lines' "$work/$1.out"
  local elapsed rss seconds
  elapsed=$(grep 'Elapsed (wall clock)' "$work/$1.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/$1.time" | awk '{print $NF}')
  seconds=$(echo "$elapsed" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  echo "$1: $rows rows in ${seconds}s = $(awk "BEGIN { printf \"%.0f\", $rows / $seconds }") rows/s end to end, peak RSS $((rss / 1024)) MiB"
}

# PostgreSQL
psql "$(psql_conn)" -q -c "CREATE DATABASE $db" >/dev/null
HealthCard__Database__Provider=Postgres ConnectionStrings__HealthCard="$HEALTHCARD_TEST_POSTGRES;Database=$db" measure postgres

# Baseline: the stored rows, copied raw into a table with the same columns and indexes.
pg="$(psql_conn) dbname=$db"
psql "$pg" -q -c 'CREATE TABLE residents_baseline (LIKE "Residents" INCLUDING ALL)'
psql "$pg" -q -c "\\copy (SELECT * FROM \"Residents\") TO '$work/residents.bin' WITH (FORMAT binary)"
start=$(date +%s.%N)
psql "$pg" -q -c "\\copy residents_baseline FROM '$work/residents.bin' WITH (FORMAT binary)"
end=$(date +%s.%N)
stored=$(psql "$pg" -Atq -c 'SELECT count(*) FROM residents_baseline')
awk "BEGIN { printf \"baseline: raw binary COPY of the %d stored rows into an equivalent table: %.1fs = %.0f rows/s\n\", $stored, $end - $start, $stored / ($end - $start) }"

# SQLite
HealthCard__Database__SqlitePath="$work/healthcard.db" measure sqlite
