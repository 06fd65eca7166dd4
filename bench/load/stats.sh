#!/usr/bin/env bash
# How GET /api/v1/stats scales with the registry (issue 5): seeds a Hebei registry on PostgreSQL in steps (default 1M, 3M
# and 10M residents; 80% with a card in a mix of statuses, modes and 10 issuers per city; two lifecycle events per card
# spread over twelve months), and after each step times the statistics of the whole province grouped by city, 30 times,
# after compaction, beside the static GET /api/v1/about as baseline in the same run.
#
#   bench/load/stats.sh ["1000000 3000000 10000000"]
#
# Needs HEALTHCARD_TEST_POSTGRES and psql. The rows are seeded by SQL (generate_series) with placeholder ciphertexts:
# statistics never read personal data, and the seeding goes through the same triggers as every other write.
set -euo pipefail
steps=${1:-"1000000 3000000 10000000"}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=5093
url="http://127.0.0.1:$port"
key="bench-admin-key-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
psql_conn() { echo "$HEALTHCARD_TEST_POSTGRES" | sed 's/;/ /g; s/Host=/host=/; s/Username=/user=/; s/Password=/password=/'; }
db="hc_stats_$$"
sql() { psql "$(psql_conn) dbname=$db" -v ON_ERROR_STOP=1 -q -At "$@"; }

dotnet publish "$root/src/HealthCard.Web" -c Release -o "$work/app" --nologo -v quiet >/dev/null
psql "$(psql_conn)" -q -c "CREATE DATABASE $db" >/dev/null
export HealthCard__Bootstrap__AdminApiKey="$key"
export HealthCard__RateLimit__PermitsPerSecond=10000000
export HealthCard__DataProtection__KeyFile="$work/healthcard.keys"
export HealthCard__Database__Provider=Postgres
export ConnectionStrings__HealthCard="$HEALTHCARD_TEST_POSTGRES;Database=$db"
export Logging__LogLevel__Default=Warning
ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production dotnet "$work/app/HealthCard.Web.dll" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill $server 2>/dev/null; wait $server 2>/dev/null || true
  psql "$(psql_conn)" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
until curl -sf "$url/healthz" >/dev/null; do sleep 1; done

# Hebei's counties, from the committed region table.
sql -c "CREATE TABLE bench_counties (n serial, code text)"
grep ',county,13' "$root/data/regions.csv" | cut -d, -f1 | sql -c "\\copy bench_counties (code) FROM STDIN"
counties=$(sql -c "SELECT count(*) FROM bench_counties")

seed() { # residents from $1 to $2 (exclusive), in chunks of one million
  local from=$1 to=$2
  while [ "$from" -lt "$to" ]; do
    local upto=$(( from + 1000000 < to ? from + 1000000 : to ))
    sql <<SQL
INSERT INTO "Residents" ("Id","IdType","IdNumberIndex","IdNumberCipher","Name","Gender","Ethnicity","BirthDate","RegionCode",
  "PaymentMethods","Tags","DetailsCipher","Version","CreatedAt","UpdatedAt")
SELECT md5('r' || i)::uuid, '01', sha256(('id' || i)::bytea), '\x00', '测试居民', (1 + i % 2)::text, '01', date '1950-01-01' + (i % 25000),
  c.code, '{}', (CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END) | (CASE WHEN i % 3 = 0 THEN 2 ELSE 0 END), '\x00', 1, now(), now()
FROM generate_series($from, $upto - 1) i JOIN bench_counties c ON c.n = 1 + i % $counties;

INSERT INTO "Cards" ("Id","ResidentId","Serial","IssuerCode","CityCode","RegionCode","IssueDate","ExpiryDate","Mode","Status","Version")
SELECT md5('c' || i)::uuid, md5('r' || i)::uuid, '13' || lpad(i::text, 8, '0'), left(c.code, 4) || '000000' || (i % 10),
  left(c.code, 4) || '00', c.code, date '2026-01-01', date '2036-01-01', (ARRAY['hospital','batch','bank'])[1 + i % 3],
  CASE WHEN i % 50 = 1 THEN 'frozen' WHEN i % 50 = 2 THEN 'reported_lost' WHEN i % 50 = 3 THEN 'cancelled' WHEN i % 50 = 4 THEN 'pending' ELSE 'active' END, 1
FROM generate_series($from, $upto - 1) i JOIN bench_counties c ON c.n = 1 + i % $counties WHERE i % 5 <> 0;

INSERT INTO "CardEvents" ("CardId","Action","FromStatus","ToStatus","Actor","Channel","OccurredAt")
SELECT md5('c' || i)::uuid, e.action, e.from_status, e.to_status, 'bench', 'system', timestamptz '2025-12-01 00:00+08' + (i % 365) * interval '1 day'
FROM generate_series($from, $upto - 1) i CROSS JOIN (VALUES ('issue', NULL, 'pending'), ('activate', 'pending', 'active')) e(action, from_status, to_status)
WHERE i % 5 <> 0;
SQL
    from=$upto
  done
}

time_get() { # median and p95 of 30 GETs of $1, in ms
  for _ in $(seq 30); do curl -s -o /dev/null -w '%{time_total}\n' -H "X-Api-Key: $key" "$url$1"; done \
    | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "median %.1f ms, p95 %.1f ms", t[15], t[29] }'
}

echo "| residents | cards | counter rows (compacted) | GET /stats?region=13&groupBy=region | GET /api/v1/about (baseline) |"
echo "|---|---|---|---|---|"
seeded=0
for target in $steps; do
  seed "$seeded" "$target"
  seeded=$target
  sql -c 'ANALYZE' >/dev/null
  sql -c 'WITH folded AS (DELETE FROM "StatisticCounters" RETURNING "RegionCode","Metric","Status","Month","Mode","Issuer","Tags","Count")
    INSERT INTO "StatisticCounters" ("RegionCode","Metric","Status","Month","Mode","Issuer","Tags","Count")
    SELECT "RegionCode","Metric","Status","Month","Mode","Issuer","Tags", sum("Count") FROM folded GROUP BY 1,2,3,4,5,6,7' >/dev/null
  rows=$(sql -c 'SELECT count(*) FROM "StatisticCounters"')
  cards=$(sql -c 'SELECT count(*) FROM "Cards"')
  curl -s -o /dev/null -H "X-Api-Key: $key" "$url/api/v1/stats?region=13&groupBy=region" # warm-up
  echo "| $target | $cards | $rows | $(time_get "/api/v1/stats?region=13&groupBy=region") | $(time_get /api/v1/about) |"
done
