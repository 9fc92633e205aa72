#!/usr/bin/env bash
# The order-items endpoint (seed 004) under wrk, against its ceiling. Steps:
#   1. `storebridge emulate shopify --orders N`, `storebridge serve` on SQLite (or on the
#      PostgreSQL database in $STOREBRIDGE_BENCH_DATABASE), an integration with the emulator's
#      token, and a sync of its customers and orders; the line items are counted.
#   2. 2,000 (customer, order) pairs read through the commerce API become the request mix:
#      GET /erc/ecommerce/customers/{c}/orders/{o}/items?limit=20&order_by=price:desc.
#   3. wrk at 32 connections (peak), then paced to about half of peak: req/s, p50, p99.
#   4. The ceiling: the handler's reads (customer, then order, by key) straight against the
#      database with the hub's RecordReader in 2 threads (storebridge_bench_reads). And the
#      HTTP floor: GET /healthz under the same wrk. A handler that cost nothing but the
#      ceiling's reads would reach 1 / (1/floor + 1/ceiling) requests/s: the "bound" ratio.
#   5. Keyset paging: page 1 and page 1,000 of commerce-orders (limit 50) under wrk.
# Usage:
#   bench/api/run.sh [build-dir] [orders]            (defaults: build 250000)
#   scripts/with-postgres sh -c 'STOREBRIDGE_BENCH_DATABASE=$STOREBRIDGE_TEST_POSTGRES_URL \
#       bench/api/run.sh build 250000'
# Extra `serve` flags (e.g. --handler-threads 4) go in $STOREBRIDGE_BENCH_SERVE_ARGS.
# Needs wrk (Debian: apt-get install wrk).
set -euo pipefail

BUILD="${1:-build}"
N="${2:-250000}"
BIN="$BUILD/storebridge"
READS="$BUILD/storebridge_bench_reads"
for b in "$BIN" "$READS"; do
    [ -x "$b" ] || { echo "missing $b (ninja -C $BUILD storebridge storebridge_bench_reads)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
DB_ARGS=()
ENGINE=sqlite
if [ -n "${STOREBRIDGE_BENCH_DATABASE:-}" ]; then
    DB_ARGS=(--database "$STOREBRIDGE_BENCH_DATABASE")
    ENGINE=postgres
fi

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

# --- the store and the hub
"$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$N" --customers $((N / 5)) --seed 1 \
    --plan enterprise --api-key bench-key --api-secret bench-secret --data-dir "$WORK/emulator" >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
EPID=$!
wait_for_file "$WORK/emulator.json" emulator_listening 120
STORE="http://127.0.0.1:$(json "$WORK/emulator.json" 'd["port"]')"
ETOKEN=$(json "$WORK/emulator.json" 'd["access_token"]')
SHOP=$(json "$WORK/emulator.json" 'd["shop_domain"]')

SCOPES="organizations:read organizations:write integrations:read integrations:write commerce:read providers:write"
SCOPES="$SCOPES account:read erc-ecommerce-connections-orders:read erc-ecommerce-connections-customers:read"
"$BIN" admin create-account bench --data-dir "$WORK/hub" "${DB_ARGS[@]}" >/dev/null 2>&1
"$BIN" admin create-client --account bench --scopes "$SCOPES" --data-dir "$WORK/hub" \
    "${DB_ARGS[@]}" >"$WORK/client.json" 2>/dev/null
"$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/hub" "${DB_ARGS[@]}" --access-log false \
    --connector-base-url "shopify=$STORE" ${STOREBRIDGE_BENCH_SERVE_ARGS:-} 2>"$WORK/hub.log" &
HPID=$!
wait_for_file "$WORK/hub.log" '"listening"' 60
HUB="http://127.0.0.1:$(grep '"listening"' "$WORK/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')"
curl -sf -u "$(json "$WORK/client.json" 'd["client_id"]'):$(json "$WORK/client.json" 'd["client_secret"]')" \
    -d grant_type=client_credentials "$HUB/oauth/token" >"$WORK/token.json"
TOKEN=$(json "$WORK/token.json" 'd["access_token"]')
AUTH="Authorization: Bearer $TOKEN"
CT="Content-Type: application/json"
ACCOUNT=$(curl -sf -H "$AUTH" "$HUB/v1/account" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Connected as a merchant would: the provider app, a data connection, the OAuth install;
# auto_connect then syncs the requested customers and orders.
curl -sf -X PUT -H "$AUTH" -H "$CT" "$HUB/api/v6/providers/shopify/credentials" \
    -d '{"credentials":{"client_id":"bench-key","client_secret":"bench-secret"}}' >/dev/null
curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"auto_connect":true}' "$HUB/api/v6/providers/shopify/settings" >/dev/null
curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"enable":true}' "$HUB/api/v6/providers/shopify" >/dev/null
ORG=$(curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/api/v6/users" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -H "$AUTH" -H "$CT" "$HUB/api/v6/users/$ORG/data-connections" >"$WORK/dc.json" \
    -d "{\"provider_name\":\"shopify\",\"shop_domain\":\"$SHOP\",\"requested_data_types\":[\"COMMERCE_CUSTOMER\",\"COMMERCE_ORDER\"]}"
INTEGRATION=$(json "$WORK/dc.json" 'd["id"]')
SYNC_START=$(date +%s.%N)
curl -sfL -H "Accept: application/json" "$(json "$WORK/dc.json" 'd["connect_url"]')" >/dev/null
DEADLINE=$(($(date +%s) + 3600))
while :; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the sync did not finish within an hour" >&2; exit 1; }
    sleep 1
    curl -sf -H "$AUTH" "$HUB/v1/organizations/$ORG/integrations/$INTEGRATION/jobs?limit=10" >"$WORK/jobs.json"
    if python3 - "$WORK/jobs.json" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["_embedded"]["items"]
states = [j["status"] for j in jobs]
if any(s in ("failed", "cancelled") for s in states):
    sys.exit("a sync ended " + json.dumps(states))
sys.exit(0 if len(states) == 2 and all(s == "succeeded" for s in states) else 1)
PY
    then break; fi
done
SYNC_S=$(python3 -c "import sys; print(round($(date +%s.%N) - $SYNC_START, 1))")

# --- the request mix: 2,000 orders with a customer, read through the commerce API
python3 - "$HUB" "$TOKEN" "$ORG" "$INTEGRATION" "$WORK" <<'PY'
import json, sys, urllib.request
hub, token, org, integration, work = sys.argv[1:6]
def get(path):
    req = urllib.request.Request(hub + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(req, timeout=60))
pairs, items, nxt = [], 0, "/api/v6/users/%s/commerce-orders?limit=200" % org
orders = 0
while nxt and len(pairs) < 2000:
    page = get(nxt)
    for o in page["_embedded"]["items"]:
        orders += 1
        items += len(o["line_items"])
        if o.get("customer_id"):
            pairs.append((integration, o["customer_id"], o["id"]))
    link = page["_links"].get("next")
    nxt = link["href"][len(hub):] if link else None
with open(work + "/pairs.txt", "w") as f:
    for p in pairs:
        f.write("%s %s %s\n" % p)
with open(work + "/paths.lua", "w") as f:
    f.write("paths = {\n")
    for integ, c, o in pairs:
        f.write('  "/erc/ecommerce/customers/%s:%s/orders/%s:%s/items?limit=20&order_by=price:desc",\n'
                % (integ, c, integ, o))
    f.write("}\n")
json.dump({"sampled_orders": orders, "sampled_items": items, "pairs": len(pairs)},
          open(work + "/sample.json", "w"))
PY
# Every line item of the store, counted through the change feed would be slow: use the sample's
# items per order times the order count.
LINE_ITEMS=$(python3 -c "import json; s=json.load(open('$WORK/sample.json')); print(int(s['sampled_items'] / s['sampled_orders'] * $N))")
cat >"$WORK/mix.lua" <<LUA
dofile("$WORK/paths.lua")
local i = 0
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
# Check the mix answers 200 before measuring it.
FIRST_PATH=$(sed -n 2p "$WORK/paths.lua" | sed -E 's/^ *"([^"]+)",$/\1/')
curl -sf -H "$AUTH" "$HUB$FIRST_PATH" >/dev/null

wrk_run() {  # wrk_run CONNECTIONS SECONDS SCRIPT URL -> "req/s p50_ms p99_ms"
    wrk -t2 -c"$1" -d"$2"s --latency -s "$3" "$4" >"$WORK/wrk.txt" 2>&1
    python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
if errors:
    sys.exit("wrk saw %s non-2xx answers" % errors.group(1))
print("%.0f %.2f %.2f" % (rps, ms("50%"), ms("99%")))
PY
}
wrk_run 2 3 "$WORK/mix.lua" "$HUB" >/dev/null  # warm the caches
read -r PEAK_RPS PEAK_P50 PEAK_P99 < <(wrk_run 32 15 "$WORK/mix.lua" "$HUB")
# Half of peak: wrk cannot hold a rate, but each of 32 connections can pause between its
# requests (wrk's delay(), whole milliseconds). The pauses are exponential, mean 32 / (peak / 2)
# s less about 0.5 ms of service time, so the connections do not fall into step and arrive as
# the bursts of one open stream would. The share of peak reached is printed next to its p99.
DELAY_MS=$(python3 -c "print(max(0.0, 32 / ($PEAK_RPS / 2) * 1000 - 0.5))")
{
    cat "$WORK/mix.lua"
    echo "math.randomseed(7)"
    echo "delay = function() return math.floor(-math.log(1 - math.random()) * $DELAY_MS + 0.5) end"
} >"$WORK/half.lua"
read -r LIGHT_RPS LIGHT_P50 LIGHT_P99 < <(wrk_run 32 15 "$WORK/half.lua" "$HUB")
# The HTTP floor: the same wrk, 32 connections, against GET /healthz (no database, no JSON
# work). wrk shares the 2 cores with the hub, so this bounds any endpoint on this machine.
printf -- '-- GET of the URL given, nothing else\n' >"$WORK/plain.lua"
read -r FLOOR_RPS FLOOR_P50 FLOOR_P99 < <(wrk_run 32 10 "$WORK/plain.lua" "$HUB/healthz")

# --- the ceiling: the same reads straight against the database
if [ "$ENGINE" = postgres ]; then DB_URL="$STOREBRIDGE_BENCH_DATABASE"; else DB_URL="sqlite:$WORK/hub/storebridge.db"; fi
"$READS" "$DB_URL" "$ACCOUNT" "$WORK/pairs.txt" 10 2 >"$WORK/reads.json"

# --- keyset paging: page 1 and page 1,000 of commerce-orders (limit 50)
PAGE1="/api/v6/users/$ORG/commerce-orders?limit=50"
DEPTH=$((N / 50 < 1000 ? N / 50 : 1000))  # page 1,000 when the store has 50,000 orders
P="$PAGE1"
for _ in $(seq 2 "$DEPTH"); do
    P=$(curl -sf -H "$AUTH" "$HUB$P" | python3 -c 'import json,sys; h=json.load(sys.stdin)["_links"]["next"]["href"]; print(h[h.index("/api/"):])')
done
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$TOKEN" >"$WORK/auth.lua"
read -r PG1_RPS PG1_P50 PG1_P99 < <(wrk_run 2 8 "$WORK/auth.lua" "$HUB$PAGE1")
read -r PG1000_RPS PG1000_P50 PG1000_P99 < <(wrk_run 2 8 "$WORK/auth.lua" "$HUB$P")

python3 - "$WORK/reads.json" <<PY
import json
r = json.load(open("$WORK/reads.json"))
peak, light = $PEAK_RPS, $LIGHT_RPS
row = {"engine": "$ENGINE", "orders": $N, "line_items_est": $LINE_ITEMS, "sync_s": $SYNC_S,
       "peak_rps": peak, "peak_p50_ms": $PEAK_P50, "peak_p99_ms": $PEAK_P99,
       "light_rps": light, "light_share_of_peak": round(light / peak, 2),
       "light_p50_ms": $LIGHT_P50, "light_p99_ms": $LIGHT_P99,
       "ceiling_reads_per_s": r["reads_per_s"], "ceiling_p99_us": r["p99_us"],
       "ratio": round(peak / r["reads_per_s"], 2),
       "http_floor_rps": $FLOOR_RPS,
       "ratio_bound": round(1 / (1 / $FLOOR_RPS + 1 / r["reads_per_s"]) / r["reads_per_s"], 2),
       "page_depth": $DEPTH, "page1_p50_ms": $PG1_P50, "page1000_p50_ms": $PG1000_P50,
       "page1000_over_page1": round($PG1000_P50 / $PG1_P50, 2)}
print("| engine | orders | line items (est.) | peak req/s | p50 | p99 | paced req/s (share of peak) | its p99 | ceiling reads/s | ratio (≥ 0.5) | HTTP floor req/s | ratio bound | page 1 p50 | page %d p50 | ratio (≤ 1.2) |" % row["page_depth"])
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
print("| %s | %s | %s | %s | %.2f ms | %.2f ms | %s (%.2f) | %.2f ms | %s | %.2f | %s | %.2f | %.2f ms | %.2f ms | %.2f |" % (
    row["engine"], f"{row['orders']:,}", f"{row['line_items_est']:,}", f"{peak:,.0f}",
    row["peak_p50_ms"], row["peak_p99_ms"], f"{light:,.0f}", row["light_share_of_peak"],
    row["light_p99_ms"], f"{row['ceiling_reads_per_s']:,}", row["ratio"],
    f"{row['http_floor_rps']:,.0f}", row["ratio_bound"], row["page1_p50_ms"],
    row["page1000_p50_ms"], row["page1000_over_page1"]))
print(json.dumps(row))
PY
