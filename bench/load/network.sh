#!/usr/bin/env bash
# The national network's figures (issue 16) for docs/performance.md, on one machine, joined with the operators' own
# commands (docs/user-guide.en.md §16): nats-server, and three Release-built nodes (national 00, province 13, city
# 1301), each a web host on its own PostgreSQL database.
#
#   1. registration at the city with the network off (an island node, its own database): the baseline of 3;
#   2. registration at the city at a fixed rate (default 1,000 changes/s) with the network on: the rate reached, the
#      registration latency (p50 includes the synchronous national claim), and the commit-to-apply propagation at
#      national (p50, p99 over the last 10,000 changes, from GET /api/v1/network/status on the national node);
#   3. the province node stopped for OUTAGE seconds (default 600) while the city goes on registering at the same rate
#      (a registration needs national, not the province); then started again: the changes the province caught up and
#      the rate, against the rate the city produced them (the baseline);
#   4. `hcard import residents` of ROWS rows (default 100,000) at the city with the network on, against the same import
#      into an island database in the same run.
#
#   bench/load/network.sh [changes per second, default 1000] [seconds, default 30] [outage seconds, default 600] [rows, default 100000]
#
# Needs HEALTHCARD_TEST_POSTGRES, psql, nats-server and curl. Everything shares this machine's two cores.
set -euo pipefail
rate=${1:-1000}
seconds=${2:-30}
outage=${3:-600}
rows=${4:-100000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
run="n$$"
key="bench-admin-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
transfer=00112233445566778899AABBCCDDEEFF
nats_port=14222
psql_conn() { echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/'; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in "${run}_00" "${run}_13" "${run}_1301" "${run}_island" "${run}_island_import" ; do
    psql "$(psql_conn)" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet publish "$root/src/HealthCard.Web" -c Release -o "$work/web" --nologo -v quiet >/dev/null
dotnet publish "$root/src/HealthCard.Cli" -c Release -o "$work/cli" --nologo -v quiet >/dev/null
dotnet build "$root/bench/HealthCard.Benchmarks" -c Release --nologo -v quiet >/dev/null
load() { dotnet run -c Release --no-build --project "$root/bench/HealthCard.Benchmarks" -- network-load "$@"; }

export Logging__LogLevel__Default=Warning
export HealthCard__RateLimit__PermitsPerSecond=10000000
export HealthCard__Bootstrap__AdminApiKey="$key"
export HealthCard__Demo__Enabled=false
node_env() { # region database
  echo "HealthCard__Database__Provider=Postgres ConnectionStrings__HealthCard=$HEALTHCARD_TEST_POSTGRES;Database=$2 \
HealthCard__DataProtection__KeyFile=$work/$1/healthcard.keys HealthCard__NodeId=node-$1"
}
network_env() { # region
  echo "HealthCard__Network__Region=$1 HealthCard__Network__Nats=nats://127.0.0.1:$nats_port HealthCard__Network__Credentials=$work/$1/$1.nk"
}
hcard() { # region [network] args...
  local region=$1 net=$2; shift 2
  local extra=""; [ "$net" = network ] && extra=$(network_env "$region")
  env $(node_env "$region" "${run}_$region") $extra dotnet "$work/cli/hcard.dll" "$@"
}
start_node() { # region port [network]
  mkdir -p "$work/$1"
  local extra=""; [ "${3:-}" = network ] && extra=$(network_env "$1")
  env $(node_env "$1" "${run}_$1") $extra dotnet "$work/web/HealthCard.Web.dll" --urls "http://127.0.0.1:$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.5; done
  echo "node $1 did not start"; cat "$work/$1.log"; exit 1
}
for db in "${run}_00" "${run}_13" "${run}_1301" "${run}_island" "${run}_island_import"; do psql "$(psql_conn)" -q -c "CREATE DATABASE $db" >/dev/null; done

# 1. Baseline: an island city.
start_node island 5301
# Each measured phase follows a warm-up of the same load (JIT, connection pools, prepared statements), not counted.
load http://127.0.0.1:5301 "$key" "$rate" 5 1000000 >/dev/null || true
echo "== 1. island (network off): registration at $rate/s for ${seconds}s"
load http://127.0.0.1:5301 "$key" "$rate" "$seconds" 0 || true
kill "$pid_island"

# Joining: credentials, NATS configuration, keys, nodes.
nodes=()
for region in 00 13 1301; do
  mkdir -p "$work/$region"
  nodes+=(--node "$region=$(hcard "$region" island network credentials --region "$region" --out "$work/$region/$region.nk")")
done
hcard 00 island network nats-config "${nodes[@]}" --out "$work/nats.conf" --store "$work/jetstream" --port "$nats_port" >/dev/null
nats-server -c "$work/nats.conf" -a 127.0.0.1 >"$work/nats.log" 2>&1 &
pids+=($!)
hcard 00 island network keys export --out "$work/network.keys" --transfer-key "$transfer" >/dev/null
for region in 13 1301; do hcard "$region" island network keys import --in "$work/network.keys" --transfer-key "$transfer" >/dev/null; done
start_node 00 5300 network
start_node 13 5313 network
start_node 1301 5331 network
status() { curl -sf -H "X-Api-Key: $key" "http://127.0.0.1:$1/api/v1/network/status"; }

load http://127.0.0.1:5331 "$key" "$rate" 5 2000000 >/dev/null || true
echo "== 2. network on: registration at the city at $rate/s for ${seconds}s"
load http://127.0.0.1:5331 "$key" "$rate" "$seconds" 3000000 || true
sleep 3
echo "propagation city commit -> national apply:"
status 5300 | python3 -c 'import json,sys; s=json.load(sys.stdin); [print(" ", l["name"], "p50", l["propagationP50Ms"], "ms  p99", l["propagationP99Ms"], "ms  delivered", l["delivered"]) for l in s["links"] if l["name"].startswith("up-")]'

echo "== 3. province 13 stopped for ${outage}s while the city registers at $rate/s"
kill "$pid_13"; wait "$pid_13" 2>/dev/null || true
load http://127.0.0.1:5331 "$key" "$rate" "$outage" 4000000 >"$work/outage.json" || true
cat "$work/outage.json"
start=$(date +%s.%N)
start_node 13 5313 network
up=$(date +%s.%N)
city=$(psql "$(psql_conn) dbname=${run}_1301" -Atq -c 'SELECT count(*) FROM "Residents"')
until [ "$(psql "$(psql_conn) dbname=${run}_13" -Atq -c 'SELECT count(*) FROM "Residents" WHERE "CopyOwner" = '"'1301'")" -ge "$city" ]; do sleep 0.2; done
end=$(date +%s.%N)
sent=$(python3 -c 'import json; print(json.load(open("'"$work/outage.json"'"))["sent"])')
ok=$(python3 -c 'import json; d=json.load(open("'"$work/outage.json"'")); print(d["sent"] - d["failures"])')
copies=$(psql "$(psql_conn) dbname=${run}_13" -Atq -c 'SELECT count(*) FROM "Residents" WHERE "CopyOwner" = '"'1301'")
awk "BEGIN { printf \"catch-up: %d registrations (%d changes with their audit heads) during the outage; the province holds %d of the city's %d residents; caught up in %.1fs after its start (%.1fs start-up) = %.0f changes/s; baseline: the city produced them at %.0f/s\n\", $ok, $ok, $copies, $city, $end - $up, $up - $start, $ok / ($end - $up), $ok / $outage }"

echo "== 4. import of $rows rows at the city: network on, and into an island database"
dotnet run -c Release --no-build --project "$root/bench/HealthCard.Benchmarks" -- population-csv "$work/population.csv" "$rows" >/dev/null
measure_import() { # label command...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  if ! "$@" import residents "$work/population.csv" --region 130105 --tag poverty --source "压测名单-$label" >"$work/import-$label.out" 2>&1; then
    echo "import $label failed:"; tail -20 "$work/import-$label.out"; return 0
  fi
  end=$(date +%s.%N)
  grep -E '^job|^  lines' "$work/import-$label.out" || true
  awk "BEGIN { printf \"import %s: %d rows in %.1fs = %.0f rows/s\n\", \"$label\", $rows, $end - $start, $rows / ($end - $start) }"
}
island_import() { env $(node_env island "${run}_island_import") HealthCard__DataProtection__KeyFile="$work/island-import.keys" dotnet "$work/cli/hcard.dll" "$@"; }
network_import() { hcard 1301 network "$@"; }
measure_import island island_import
measure_import network network_import
