#!/usr/bin/env bash
# HTTP load figures for docs/performance.md: the card-status check and resident registration, each beside a
# baseline (the static /api/v1/about endpoint) measured in the same run, on a freshly published Release build.
#
#   bench/load/run.sh [sqlite|postgres] [duration, default 20s] [connections, default 32]
#
# postgres needs HEALTHCARD_TEST_POSTGRES (a server where a database may be created), as the tests do.
# Needs wrk (apt-get install wrk). Both the server and wrk run on this machine, so they share its cores.
set -euo pipefail
provider=${1:-sqlite}
duration=${2:-20s}
connections=${3:-32}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=5090
url="http://127.0.0.1:$port"
key="bench-admin-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

dotnet publish "$root/src/HealthCard.Web" -c Release -o "$work/app" --nologo -v quiet >/dev/null

export HealthCard__Bootstrap__AdminApiKey="$key"
export HealthCard__RateLimit__PermitsPerSecond=10000000
export HealthCard__DataProtection__KeyFile="$work/healthcard.keys"
export Logging__LogLevel__Default=Warning
if [ "$provider" = postgres ]; then
  db="hc_bench_$$"
  psql "$(echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/')" -q -c "CREATE DATABASE $db" >/dev/null
  export HealthCard__Database__Provider=Postgres
  export ConnectionStrings__HealthCard="$HEALTHCARD_TEST_POSTGRES;Database=$db"
else
  export HealthCard__Database__SqlitePath="$work/healthcard.db"
fi

ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production dotnet "$work/app/HealthCard.Web.dll" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.5; done

# One resident with an active card for the status check.
resident=$(curl -sf -X POST "$url/api/v1/residents" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  -d '{"idType":"01","idNumber":"13010519800101001X","name":"压测居民","gender":"1","ethnicity":"01","birthDate":"1980-01-01","regionCode":"130105"}' \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "$url/api/v1/cards" -H "X-Api-Key: $key" -H 'Content-Type: application/json' \
  -d "{\"residentId\":\"$resident\",\"issuanceMode\":\"hospital\",\"issuerCode\":\"13010000001\"}" >/dev/null

run() { # name, then wrk arguments
  local name=$1; shift
  echo "== $name"
  wrk -t2 -c"$connections" -d"$duration" --latency -H "X-Api-Key: $key" "$@" | grep -E 'Requests/sec|Latency  |99%|non-2|Socket errors'
}

echo "provider=$provider duration=$duration connections=$connections cores=$(nproc) $(date -u +%Y-%m-%dT%H:%MZ) commit=$(git -C "$root" rev-parse --short HEAD)"
wrk -t2 -c"$connections" -d5s -H "X-Api-Key: $key" "$url/api/v1/about" >/dev/null # warm-up
wrk -t2 -c"$connections" -d5s -H "X-Api-Key: $key" -s "$root/bench/load/status.lua" "$url/api/v1/cards/13010519800101001X/status" >/dev/null
run "baseline: GET /api/v1/about (static JSON, same auth and pipeline)" -s "$root/bench/load/status.lua" "$url/api/v1/about"
run "card status: GET /api/v1/cards/{cardNumber}/status" -s "$root/bench/load/status.lua" "$url/api/v1/cards/13010519800101001X/status"
# Registration warms up first (JIT tiering of the write path takes several seconds), on its own range of ID numbers.
wrk -t2 -c"$connections" -d10s -H "X-Api-Key: $key" -s "$root/bench/load/register.lua" "$url/api/v1/residents" 0 >/dev/null
run "registration: POST /api/v1/residents" -s "$root/bench/load/register.lua" "$url/api/v1/residents" 1000000
if [ "$provider" = postgres ]; then
  kill $server; wait $server 2>/dev/null || true
  psql "$(echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/')" -q -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi
