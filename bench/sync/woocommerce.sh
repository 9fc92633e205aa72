#!/usr/bin/env bash
# Initial WooCommerce order sync against a merchant's server of a given latency. For each order
# count N and each latency L (LATENCIES, ms per request; default "0 150"):
# `storebridge emulate woocommerce --orders N --latency-ms L` and `storebridge serve` pointed at
# it (SQLite); an integration with the site's REST API keys (OAuth 1.0a signatures, the site
# being plain http here), POST .../sync/orders, poll the job until done.
#
# The floor: the connector reads pages of 100 orders (line items and shipping lines come with
# the order, so one call a page), one call after another within a job, and never more than 2
# calls in flight to one site. The fewest seconds the latency allows are therefore
# requests × latency / concurrency, the concurrency being what the site saw at most
# (the emulator's max_in_flight: 1 for one job's sequential pages, at most the limit of 2).
# Printed: the calls the site counted, the most in flight, the floor, the measured seconds and
# orders/s. Usage:
#   bench/sync/woocommerce.sh [build-dir] [orders ...]    (defaults: build 2000 10000)
set -euo pipefail

BUILD="${1:-build}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2000 10000)
read -r -a LATS <<<"${LATENCIES:-0 150}"
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
now() { date +%s.%N; }

SCOPES="organizations:read organizations:write integrations:read integrations:write"
SITE="https://bench-books.test"
ROWS=()
JSONS=()

for N in "${SIZES[@]}"; do
  for L in "${LATS[@]}"; do
    W="$WORK/$N-$L"
    mkdir -p "$W"
    # --- the site
    "$BIN" emulate woocommerce --listen 127.0.0.1:0 --orders "$N" --seed 1 --site-url "$SITE" \
        --latency-ms "$L" >"$W/emulator.json" 2>"$W/emulator.log" &
    EPID=$!
    wait_for_file "$W/emulator.json" emulator_listening 120
    EPORT=$(json "$W/emulator.json" 'd["port"]')
    CKEY=$(json "$W/emulator.json" 'd["consumer_key"]')
    CSECRET=$(json "$W/emulator.json" 'd["consumer_secret"]')
    STORE="http://127.0.0.1:$EPORT"

    # --- the hub
    start_hub "$W" "$SCOPES" --connector-base-url "woocommerce=$STORE"
    CT="Content-Type: application/json"
    curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/v1/organizations" >"$W/org.json"
    ORG=$(json "$W/org.json" 'd["id"]')
    curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" >"$W/integration.json" \
        -d "{\"name\":\"Bench\",\"connector_id\":\"woocommerce\",\"credentials\":{\"site_url\":\"$SITE\",\"consumer_key\":\"$CKEY\",\"consumer_secret\":\"$CSECRET\"}}"
    INTEGRATION="$HUB/v1/organizations/$ORG/integrations/$(json "$W/integration.json" 'd["id"]')"
    curl -sf "$STORE/_emulator/stats" >"$W/stats0.json"
    START=$(now)
    curl -sf -H "$AUTH" -X POST "$INTEGRATION/sync/orders" >"$W/job.json"
    JOB="$INTEGRATION/jobs/$(json "$W/job.json" 'd["id"]')"
    wait_for_job "$JOB" "$W/job.json" 7200
    DONE=$(now)
    [ "$STATUS" = succeeded ] || { echo "the sync ended $STATUS: $(cat "$W/job.json")" >&2; exit 1; }
    curl -sf "$STORE/_emulator/stats" >"$W/stats1.json"
    stop "$HPID"
    HPID=""
    stop "$EPID"
    EPID=""

    OUT=$(python3 - "$W/job.json" "$W/stats0.json" "$W/stats1.json" "$N" "$L" "$START" "$DONE" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
s0, s1 = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
n, lat_ms, start, done = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
calls = s1["requests"]["api"] - s0["requests"]["api"]
in_flight = max(1, s1["requests"]["max_in_flight"])
records = job["progress"]["records_written"]
seconds = done - start
floor_s = calls * lat_ms / 1000 / in_flight
row = {
    "orders": n, "latency_ms": lat_ms, "records": records, "calls": calls,
    "max_in_flight": s1["requests"]["max_in_flight"], "seconds": round(seconds, 2),
    "latency_floor_s": round(floor_s, 2), "orders_per_s": round(records / seconds, 1),
    "floor_share": round(floor_s / seconds, 3),
}
print(f"| {n:,} | {lat_ms} ms | {calls:,} | {row['max_in_flight']} | {row['latency_floor_s']} s "
      f"| {row['seconds']} s | {row['orders_per_s']:,} | {row['floor_share']} |")
print(json.dumps(row))
PY
)
    ROWS+=("$(echo "$OUT" | head -1)")
    JSONS+=("$(echo "$OUT" | tail -1)")
  done
done

echo "| orders | latency per request | site calls | most in flight | latency floor (calls × latency / in flight) | end to end | orders/s | floor / end to end |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${JSONS[@]}"
