#!/usr/bin/env bash
# First render of every console page (issue 6) on the demo data set grown to a million residents:
#   - a freshly published Release build starts on its embedded default (SQLite) and seeds the demo data set;
#   - `hcard import residents` adds a synthetic list of $rows residents to the same database (real encryption, blind
#     indexes and statistics counters: the same path as any import);
#   - signed in as the demo national administrator (the widest view), each page is fetched $runs times after two warm-up
#     requests. The server pre-renders each page with its first page of data (the lists load while pre-rendering), so the
#     response is the page's first render. Printed: median, p95 and max of curl's time_total per page;
#   - baseline of the same run: GET /healthz (no page, no database) and the static sign-in page.
#
#   bench/load/console.sh [lines, default 1010101] [runs, default 30]
#
# Needs curl and sqlite3. Server, curl and the import share this machine's cores.
set -euo pipefail
rows=${1:-1010101} # the synthetic list rejects 1% of its lines on purpose: 1,010,101 lines give a million residents
runs=${2:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=5094
url="http://127.0.0.1:$port"
jar="$work/cookies"

dotnet publish "$root/src/HealthCard.Web" -c Release -o "$work/app" --nologo -v quiet >/dev/null
dotnet publish "$root/src/HealthCard.Cli" -c Release -o "$work/cli" --nologo -v quiet >/dev/null
dotnet run -c Release --project "$root/bench/HealthCard.Benchmarks" -- population-csv "$work/population.csv" "$rows" >/dev/null

export HealthCard__Database__SqlitePath="$work/healthcard.db"
export HealthCard__DataProtection__KeyFile="$work/healthcard.keys"
export HealthCard__Demo__Enabled=true
export HealthCard__RateLimit__PermitsPerSecond=10000000
export Logging__LogLevel__Default=Warning

start_server() {
  ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production dotnet "$work/app/HealthCard.Web.dll" >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "$url/healthz" >/dev/null && return; sleep 1; done
  echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
trap 'stop_server; rm -rf "$work"' EXIT

# The demo data set, then the million residents beside it (the server is stopped while the import writes).
start_server
stop_server
dotnet "$work/cli/hcard.dll" import residents "$work/population.csv" --region 130105 --source "压测名单" | grep -E '^job|^  lines'
echo "residents: $(sqlite3 "$work/healthcard.db" 'SELECT count(*) FROM Residents')"
start_server

# Sign in as the demo national administrator through the sign-in form (antiforgery token and cookie as a browser would).
read -r user password _ < <(grep '^demo.national' "$work/demo-accounts.txt")
token=$(curl -s -c "$jar" -b "$jar" "$url/account/login" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -s -o /dev/null -c "$jar" -b "$jar" -X POST "$url/account/login" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "_handler=login" --data-urlencode "Input.UserName=$user" --data-urlencode "Input.Password=$password"
grep -q hc.console "$jar" || { echo "sign-in failed" >&2; exit 1; }

# Pages of one record: a demo resident with cards, lifecycle events and usage; a production batch; the million-row
# import job; an institution.
resident=$(sqlite3 "$work/healthcard.db" "SELECT lower(ResidentId) FROM Cards ORDER BY Serial LIMIT 1")
batch=$(sqlite3 "$work/healthcard.db" "SELECT lower(Id) FROM ProductionBatches ORDER BY CreatedAt LIMIT 1")
import=$(sqlite3 "$work/healthcard.db" "SELECT lower(Id) FROM ImportJobs ORDER BY CreatedAt DESC LIMIT 1")
institution=$(sqlite3 "$work/healthcard.db" "SELECT Code FROM Institutions ORDER BY Code LIMIT 1")

measure() { # label path [cookie jar]
  local label=$1 path=$2 auth=${3:-$jar} times status
  for _ in 1 2; do curl -s -o /dev/null -b "$auth" "$url$path"; done
  status=$(curl -s -o "$work/page.html" -w '%{http_code}' -b "$auth" "$url$path")
  if [ "$status" != 200 ] || grep -q 'mud-alert-filled-error' "$work/page.html"; then
    echo "$label: HTTP $status or an error on the page" >&2; exit 1
  fi
  times=$(for _ in $(seq 1 "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' -b "$auth" "$url$path"; done | sort -n)
  awk -v label="$label" -v path="$path" -v bytes="$(wc -c <"$work/page.html")" '{ t[NR] = $1 * 1000 } END {
    printf "| %-22s | `%s` | %.1f ms | %.1f ms | %.1f ms | %d KiB |\n", label, path, t[int((NR + 1) / 2)], t[int(NR * 0.95 + 0.5)], t[NR], bytes / 1024 }' <<<"$times"
}

echo "| page | path | median | p95 | max | HTML |"
echo "|---|---|---|---|---|---|"
measure "baseline: /healthz" /healthz /dev/null
measure "baseline: sign-in page" /account/login /dev/null
measure 首页 /
measure 居民与健康卡 /residents
measure 居民详情 "/residents/$resident"
measure 居民登记 /residents/new
measure 申领审核 /applications
measure 制卡批次 /production
measure 制卡批次详情 "/production/$batch"
measure 人口导入 /imports
measure "人口导入详情（百万行）" "/imports/$import"
measure "SAM 申请登记" /sams/applications
measure "SAM 制卡计划" /sams/plans
measure "SAM 入库" /sams/stock-in
measure "SAM 出库" /sams/stock-out
measure "SAM 应用维护" /sams
measure 终端管理 /terminals
measure 机构管理 /institutions
measure 机构详情 "/institutions/$institution"
measure 产品备案 /products
measure 密钥管理 /keys
measure 统计分析 /statistics
measure 月报 /reports/monthly
measure 用户管理 /system/users
measure 接口密钥 /system/api-keys
measure 审计日志 /system/audit
