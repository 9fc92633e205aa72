#!/usr/bin/env bash
# Incremental Shopify order sync at the plan's limit (issue 20). For each plan P and number of
# changed orders N:
#   1. `storebridge emulate shopify --orders 5000 --plan P` and `storebridge serve` pointed at it
#      (SQLite); an integration with the emulator's token; the initial sync (a bulk read).
#   2. N orders edited through the emulator's control API (no webhooks: none are subscribed),
#      then POST …/sync/orders and poll the job until it ends: wall time, orders/s, the job's
#      total, and the GraphQL requests and points (actual cost) the run spent, from
#      /_emulator/stats before and after.
#   3. The floor the plan's budget sets for the same work read page by page: the points the
#      changed orders cost on the hub's pages (the emulator's actual cost of the lean page
#      query, measured by reading them once more after the run) less the full bucket, over the
#      restore rate.
# Also an unchanged store (N = 0): the run should be one count request.
# Prints a markdown table and one JSON line per run. Usage:
#   bench/incremental/run.sh [build-dir] [plans ...]     (defaults: build standard plus)
set -euo pipefail

BUILD="${1:-build}"
shift || true
PLANS=("$@")
[ ${#PLANS[@]} -gt 0 ] || PLANS=(standard plus)
CHANGES=(${CHANGES:-0 10 500 5000})
ORDERS=${ORDERS:-5000}
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
now() { date +%s.%N; }

SCOPES="organizations:read organizations:write integrations:read integrations:write"
ROWS=()
JSONS=()

for PLAN in "${PLANS[@]}"; do
    W="$WORK/$PLAN"
    mkdir -p "$W"
    "$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$ORDERS" --seed 1 --plan "$PLAN" \
        --data-dir "$W/emulator" >"$W/emulator.json" 2>"$W/emulator.log" &
    EPID=$!
    wait_for_file "$W/emulator.json" emulator_listening 60
    EPORT=$(json "$W/emulator.json" 'd["port"]')
    ETOKEN=$(json "$W/emulator.json" 'd["access_token"]')
    SHOP=$(json "$W/emulator.json" 'd["shop_domain"]')
    STORE="http://127.0.0.1:$EPORT"

    start_hub "$W" "$SCOPES" --connector-base-url "shopify=$STORE"
    CT="Content-Type: application/json"
    curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/v1/organizations" >"$W/org.json"
    ORG=$(json "$W/org.json" 'd["id"]')
    curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" >"$W/integration.json" \
        -d "{\"name\":\"Bench\",\"connector_id\":\"shopify\",\"credentials\":{\"shop_domain\":\"$SHOP\",\"access_token\":\"$ETOKEN\"}}"
    INTEGRATION="$HUB/v1/organizations/$ORG/integrations/$(json "$W/integration.json" 'd["id"]')"

    sync_orders() {  # sync_orders OUT: runs one sync of orders to its end, the job in OUT
        curl -sf -H "$AUTH" -X POST "$INTEGRATION/sync/orders" >"$1"
        local job status deadline
        job="$INTEGRATION/jobs/$(json "$1" 'd["id"]')"
        status=queued
        deadline=$(($(date +%s) + 3600))
        while [ "$status" = queued ] || [ "$status" = running ]; do
            [ "$(date +%s)" -lt "$deadline" ] || { echo "the sync did not finish within an hour" >&2; exit 1; }
            sleep 0.05
            curl -sf -H "$AUTH" "$job" >"$1"
            status=$(json "$1" 'd["status"]')
        done
        [ "$status" = succeeded ] || { echo "the sync ended $status: $(cat "$1")" >&2; exit 1; }
    }
    sync_orders "$W/initial.json"

    NEXT=0  # orders are edited from the oldest id on, each run from where the last stopped
    for N in "${CHANGES[@]}"; do
        [ "$N" -le "$ORDERS" ] || continue
        # Let the bucket fill again, as a store between two scheduled runs would.
        sleep "$(python3 -c "import json;l=json.load(open('/dev/stdin'))['limits'];print(l['graphql_bucket_size']/l['graphql_restore_rate']+1)" \
            < <(curl -sf "$STORE/_emulator/stats"))"
        python3 - "$STORE" "$NEXT" "$N" "$ORDERS" <<'PY'
import sys, urllib.request
store, first, n, orders = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for k in range(first, first + n):
    i = k % orders
    req = urllib.request.Request(f"{store}/_emulator/orders/{5_000_000_000_000 + i}",
                                 data=b'{"order":{"note":"edited by bench/incremental"}}',
                                 method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=60).read()
PY
        NEXT=$((NEXT + N))
        curl -sf "$STORE/_emulator/stats" >"$W/before.json"
        START=$(now)
        sync_orders "$W/job.json"
        DONE=$(now)
        curl -sf "$STORE/_emulator/stats" >"$W/after.json"
        OUT=$(python3 - "$W/job.json" "$W/before.json" "$W/after.json" "$PLAN" "$N" "$START" "$DONE" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
before, after = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
plan, n = sys.argv[4], int(sys.argv[5])
seconds = float(sys.argv[7]) - float(sys.argv[6])
req = lambda s, k: s["requests"][k]
requests = req(after, "graphql") - req(before, "graphql")
points = req(after, "graphql_points_spent") - req(before, "graphql_points_spent")
bulk = after["records"]["bulk_operations"] - before["records"]["bulk_operations"]
limits = after["limits"]
bucket, restore = limits["graphql_bucket_size"], limits["graphql_restore_rate"]
# The floor for the same work page by page: the changed orders' actual cost on the hub's lean
# pages (66 points an order on this store, fetch.cpp) beyond a full bucket, at the restore rate.
page_points = 66 * n
floor = max(0.0, page_points - bucket) / restore
read = job["progress"]["records_read"]
row = {"plan": plan, "changed": n, "seconds": round(seconds, 2),
       "orders_per_s": round(n / seconds) if n else 0, "records_read": read,
       "total": job["progress"]["total"], "way": "bulk" if bulk else ("count only" if read == 0 else "pages"),
       "graphql_requests": requests, "points_spent": points,
       "pages_points": page_points, "pages_floor_s": round(floor, 1),
       "bucket": bucket, "restore_rate": restore}
target = {0: ("one request", requests == 1), 10: ("≤ 3 s", seconds <= 3), 500: ("≤ 15 s", seconds <= 15)}
t = target.get(n) if plan == "standard" else None
mark = f"{t[0]}: {'met' if t[1] else 'missed'}" if t else ""
print(f"| {plan} | {n:,} | {row['way']} | {row['seconds']} s | {row['orders_per_s']:,} | "
      f"{read:,} / {row['total']} | {requests} | {points:,} | {page_points:,} pts → "
      f"{row['pages_floor_s']} s | {mark} |")
print(json.dumps(row))
PY
)
        ROWS+=("$(echo "$OUT" | head -1)")
        JSONS+=("$(echo "$OUT" | tail -1)")
    done
    stop "$HPID"
    HPID=""
    stop "$EPID"
    EPID=""
done

echo "| plan | changed orders | read by | end to end | orders/s | records read / total | GraphQL requests | points spent | pages' points → floor at the restore rate | target |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${JSONS[@]}"
