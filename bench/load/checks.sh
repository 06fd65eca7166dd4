#!/usr/bin/env bash
# HTTP load figures of issue 4 for docs/performance.md, each beside a baseline measured in the same run:
#   - the online check (POST /api/v1/checks, which also records a card-use event durably) against the static
#     GET /api/v1/about, at 64 connections;
#   - card-use event ingestion (POST /api/v1/usage-events, batches of 1,000) in events/s, and on PostgreSQL raw COPY of
#     the same number of rows into the same table as its baseline.
#
#   bench/load/checks.sh [sqlite|postgres] [duration, default 20s] [connections, default 64]
#
# postgres needs HEALTHCARD_TEST_POSTGRES. Needs wrk and psql. Server, wrk (and PostgreSQL) share this machine's cores.
set -euo pipefail
provider=${1:-sqlite}
duration=${2:-20s}
connections=${3:-64}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=5091
url="http://127.0.0.1:$port"
key="bench-admin-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
psql_conn() { echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/'; }

dotnet publish "$root/src/HealthCard.Web" -c Release -o "$work/app" --nologo -v quiet >/dev/null
dotnet publish "$root/src/HealthCard.Cli" -c Release -o "$work/cli" --nologo -v quiet >/dev/null

export HealthCard__Bootstrap__AdminApiKey="$key"
export HealthCard__RateLimit__PermitsPerSecond=10000000
export HealthCard__DataProtection__KeyFile="$work/healthcard.keys"
export Logging__LogLevel__Default=Warning
if [ "$provider" = postgres ]; then
  db="hc_bench_$$"
  psql "$(psql_conn)" -q -c "CREATE DATABASE $db" >/dev/null
  export HealthCard__Database__Provider=Postgres
  export ConnectionStrings__HealthCard="$HEALTHCARD_TEST_POSTGRES;Database=$db"
else
  export HealthCard__Database__SqlitePath="$work/healthcard.db"
fi

# Key ceremony and Hebei's keys (SAM stock-in loads them), then the server unseals itself with two of the shares.
dotnet "$work/cli/hcard.dll" keys init --custodians 3 --threshold 2 --out-dir "$work/shares" >/dev/null
dotnet "$work/cli/hcard.dll" keys issue --province 13 --issuer-code 13000000001 --applicant-institution 河北省卫生健康委员会 \
  --applicant 张主任 --reason 压测 --letter-number WP-BENCH --collector 李领取 --collector-id 130102198001010010 \
  --handed-over-by 王保管 --share "$work/shares/share-01.txt" --share "$work/shares/share-02.txt" >/dev/null
export HealthCard__Keys__Shares__0="$(cat "$work/shares/share-01.txt")"
export HealthCard__Keys__Shares__1="$(cat "$work/shares/share-02.txt")"

ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production dotnet "$work/app/HealthCard.Web.dll" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill $server 2>/dev/null; wait $server 2>/dev/null || true
  if [ "$provider" = postgres ]; then psql "$(psql_conn)" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.5; done

api() { # method, path, body: prints the answer, fails on an HTTP error
  curl -sf -X "$1" "$url/api/v1$2" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d "${3:-}"
}
field() { sed "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/"; }
hospital=12130102MB00000001
manufacturer=91130100MA00000001
api POST /institutions "{\"code\":\"$hospital\",\"kind\":\"medical\",\"name\":\"压测医院\",\"level\":\"3A\",\"type\":\"hospital\",\"regionCode\":\"130102\"}" >/dev/null
api POST /institutions "{\"code\":\"$manufacturer\",\"kind\":\"manufacturer\",\"name\":\"压测厂商\",\"regionCode\":\"130100\"}" >/dev/null
product() {
  local id; id=$(api POST /products "{\"manufacturerCode\":\"$manufacturer\",\"kind\":\"$1\",\"model\":\"M-$1\",${2:-}\"testReportNumber\":\"R-1\",\"validUntil\":\"2030-12-31\"}" | field id)
  api POST "/products/$id/approve" >/dev/null; echo "$id"
}
sam_product=$(product sam); terminal_product=$(product terminal); card_product=$(product user_card '"capacity":"32K",')
api POST /terminals "{\"serial\":\"T-BENCH-0001\",\"productId\":\"$terminal_product\",\"institutionCode\":\"$hospital\"}" >/dev/null
api POST /sams/stock-in "{\"productId\":\"$sam_product\",\"type\":2,\"serials\":[\"1320000001\"],\"regionCode\":\"1301\"}" >/dev/null
api POST /sams/stock-out "{\"serials\":[\"1320000001\"],\"toInstitutionCode\":\"$hospital\"}" >/dev/null
api POST /sams/1320000001/activate '{"terminalSerial":"T-BENCH-0001","location":"门诊","responsiblePerson":"压测"}' >/dev/null
resident=$(api POST /residents '{"idType":"01","idNumber":"13010519800101001X","name":"压测居民","gender":"1","ethnicity":"01","birthDate":"1980-01-01","regionCode":"130105"}' | field id)
serial=$(api POST /cards "{\"residentId\":\"$resident\",\"issuanceMode\":\"hospital\",\"issuerCode\":\"13010000001\",\"productId\":\"$card_product\"}" | field serial)
[ "$(api POST /checks "{\"cardNumber\":\"13010519800101001X\",\"cardSerial\":\"$serial\",\"samSerial\":\"1320000001\",\"terminalSerial\":\"T-BENCH-0001\",\"operation\":\"read\"}" | field code)" = 0000 ]

run() { # name, connections, then wrk arguments
  local name=$1 c=$2; shift 2
  echo "== $name"
  wrk -t2 -c"$c" -d"$duration" --latency -H "X-Api-Key: $key" "$@" | grep -E 'Requests/sec|Latency  |99%|non-2|Socket errors'
}
echo "provider=$provider duration=$duration connections=$connections cores=$(nproc) $(date -u +%Y-%m-%dT%H:%MZ) commit=$(git -C "$root" rev-parse --short HEAD)"
wrk -t2 -c"$connections" -d5s -H "X-Api-Key: $key" "$url/api/v1/about" >/dev/null # warm-up
wrk -t2 -c"$connections" -d5s -H "X-Api-Key: $key" -s "$root/bench/load/check.lua" "$url/api/v1/checks" -- 13010519800101001X "$serial" >/dev/null
run "baseline: GET /api/v1/about (static JSON, same auth and pipeline)" "$connections" -s "$root/bench/load/status.lua" "$url/api/v1/about"
run "online check: POST /api/v1/checks (lookup + durable card-use event)" "$connections" -s "$root/bench/load/check.lua" "$url/api/v1/checks" -- 13010519800101001X "$serial"

count_events() {
  if [ "$provider" = postgres ]; then psql "$(psql_conn) dbname=$db" -tAc 'SELECT count(*) FROM "UsageEvents"'
  else sqlite3 "$work/healthcard.db" 'SELECT count(*) FROM "UsageEvents"' 2>/dev/null || echo "?"; fi
}
before=$(count_events)
seconds=${duration%s}
run "usage events: POST /api/v1/usage-events (1,000 per batch)" 4 -s "$root/bench/load/usage.lua" "$url/api/v1/usage-events" -- "$hospital"
after=$(count_events)
echo "usage events stored during the run: $((after - before)) ($(( (after - before) / seconds )) events/s over ${seconds}s)"

if [ "$provider" = postgres ]; then
  # Baseline: raw COPY of as many rows into the same partitioned table, in one transaction, from a prepared file.
  rows=$((after - before))
  psql "$(psql_conn) dbname=$db" -qAt -c "COPY (SELECT gen_random_uuid(), now() - interval '1 hour', \"CardNumberIndex\", \"CardSerial\", \"InstitutionCode\", \"TerminalSerial\", \"SamSerial\", \"Kind\", \"ResultCode\", 'copy', \"ClientEventId\", now() FROM \"UsageEvents\" LIMIT $rows) TO STDOUT" >"$work/copy.tsv"
  start=$(date +%s.%N)
  psql "$(psql_conn) dbname=$db" -q -c "\\copy \"UsageEvents\" FROM '$work/copy.tsv'"
  end=$(date +%s.%N)
  echo "baseline: COPY of $rows rows: $(echo "$end - $start" | bc) s, $(echo "$rows / ($end - $start)" | bc) rows/s"
fi
