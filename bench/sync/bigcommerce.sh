#!/usr/bin/env bash
# Initial BigCommerce order sync at a plan's request quota, against the quota's own limit. For
# each order count N: `storebridge emulate bigcommerce --orders N --plan PLAN` (standard: 150
# requests per 30 s window) and `storebridge serve` pointed at it (SQLite); an integration
# with the emulator's store-level token, POST .../sync/orders, poll the job until done.
#
# The limit: the connector reads a page of up to 250 orders (one call) and, for each order,
# its products, shipping addresses and shipments (three calls). A window of Q requests per W
# seconds therefore allows at most (Q / W) / (3 + 1/250) orders a second once the first window
# is spent. Printed: the calls the store counted, calls per order, the theoretical orders/s,
# the measured orders/s and their ratio. Usage:
#   bench/sync/bigcommerce.sh [build-dir] [orders ...]    (defaults: build 2000; PLAN=standard)
set -euo pipefail

BUILD="${1:-build}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000)
PLAN="${PLAN:-standard}"
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
now() { date +%s.%N; }

SCOPES="organizations:read organizations:write integrations:read integrations:write"
ROWS=()
JSONS=()

for N in "${SIZES[@]}"; do
    W="$WORK/$N"
    mkdir -p "$W"
    # --- the store
    "$BIN" emulate bigcommerce --listen 127.0.0.1:0 --orders "$N" --seed 1 --plan "$PLAN" \
        >"$W/emulator.json" 2>"$W/emulator.log" &
    EPID=$!
    wait_for_file "$W/emulator.json" emulator_listening 60
    EPORT=$(json "$W/emulator.json" 'd["port"]')
    ETOKEN=$(json "$W/emulator.json" 'd["access_token"]')
    HASH=$(json "$W/emulator.json" 'd["store_hash"]')
    STORE="http://127.0.0.1:$EPORT"

    # --- the hub
    start_hub "$W" "$SCOPES" --connector-base-url "bigcommerce=$STORE"
    CT="Content-Type: application/json"
    curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/v1/organizations" >"$W/org.json"
    ORG=$(json "$W/org.json" 'd["id"]')
    curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" >"$W/integration.json" \
        -d "{\"name\":\"Bench\",\"connector_id\":\"bigcommerce\",\"credentials\":{\"store_hash\":\"$HASH\",\"access_token\":\"$ETOKEN\"}}"
    INTEGRATION="$HUB/v1/organizations/$ORG/integrations/$(json "$W/integration.json" 'd["id"]')"
    curl -sf "$STORE/_emulator/stats" >"$W/stats0.json"
    START=$(now)
    curl -sf -H "$AUTH" -X POST "$INTEGRATION/sync/orders" >"$W/job.json"
    JOB="$INTEGRATION/jobs/$(json "$W/job.json" 'd["id"]')"
    wait_for_job "$JOB" "$W/job.json" 7200
    DONE=$(now)
    [ "$STATUS" = succeeded ] || { echo "the sync ended $STATUS: $(cat "$W/job.json")" >&2; exit 1; }
    curl -sf "$STORE/_emulator/stats" >"$W/stats1.json"
    curl -sf -H "$AUTH" "$INTEGRATION" >"$W/integration.json"
    stop "$HPID"
    HPID=""
    stop "$EPID"
    EPID=""

    OUT=$(python3 - "$W/job.json" "$W/stats0.json" "$W/stats1.json" "$W/integration.json" "$N" \
        "$START" "$DONE" "$PLAN" <<'PY'
import json, math, sys
job = json.load(open(sys.argv[1]))
s0, s1 = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
budget = json.load(open(sys.argv[4])).get("api_budget") or {}
n, start, done, plan = int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), sys.argv[8]
quota = s1["limits"]["requests_quota"]
window_s = s1["limits"]["window_ms"] / 1000
calls = s1["requests"]["api"] - s0["requests"]["api"]
throttled = s1["requests"]["throttled"] - s0["requests"]["throttled"]
records = job["progress"]["records_written"]
seconds = done - start
per_order = 3 + 1 / 250  # products, shipping addresses, shipments; a page per 250 orders
max_orders_s = quota / window_s / per_order
# The fewest seconds the quota allows for the calls made: the first window's quota at once,
# then one window per further quota.
answered = calls - throttled
floor_s = max(0, math.ceil(answered / quota) - 1) * window_s
measured = records / seconds
row = {
    "orders": n, "plan": plan, "quota": quota, "window_s": window_s, "records": records,
    "calls": calls, "throttled": throttled, "calls_per_order": round(answered / max(records, 1), 3),
    "seconds": round(seconds, 1), "quota_floor_s": floor_s,
    "orders_per_s": round(measured, 3), "max_orders_per_s": round(max_orders_s, 3),
    "ratio": round(measured / max_orders_s, 3),
    "budget_throttled_count": budget.get("throttled_count"),
}
print(f"| {n:,} | {plan} ({quota} / {window_s:g} s) | {calls:,} ({throttled} × 429) "
      f"| {row['calls_per_order']} | {row['seconds']} s (quota floor {floor_s:g} s) "
      f"| {row['orders_per_s']} | {row['max_orders_per_s']} | {row['ratio']} |")
print(json.dumps(row))
PY
)
    ROWS+=("$(echo "$OUT" | head -1)")
    JSONS+=("$(echo "$OUT" | tail -1)")
done

echo "| orders | plan (quota / window) | store calls | calls per order | end to end | orders/s | quota's max orders/s | ratio |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${JSONS[@]}"
