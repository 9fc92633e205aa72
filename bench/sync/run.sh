#!/usr/bin/env bash
# Initial Shopify order sync, end to end and against its ceiling. For each order count N:
#   1. `storebridge emulate shopify --orders N` and `storebridge serve` pointed at it (SQLite);
#      an integration with the emulator's token, POST .../sync/orders, poll the job until done:
#      wall time, records/s, the hub's peak RSS (VmHWM).
#   2. The ceiling: the same bulk query run once by hand, its JSONL downloaded, then parsed and
#      stored without network by storebridge_bench_ceiling (the connector's bulk assembler and
#      mapping, the job queue's batch commit, the engine's batch size) into a fresh SQLite file.
# Prints a markdown table and one JSON line per N. Usage:
#   bench/sync/run.sh [build-dir] [orders ...]        (defaults: build 100000)
set -euo pipefail

BUILD="${1:-build}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000)
BIN="$BUILD/storebridge"
CEILING="$BUILD/storebridge_bench_ceiling"
for b in "$BIN" "$CEILING"; do
    [ -x "$b" ] || { echo "missing $b (ninja -C $BUILD storebridge storebridge_bench_ceiling)" >&2; exit 2; }
done

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
now() { date +%s.%N; }
cpu_ticks() {  # user + system CPU of a process so far, in clock ticks
    awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"
}

SCOPES="organizations:read organizations:write integrations:read integrations:write"
ROWS=()
JSONS=()

for N in "${SIZES[@]}"; do
    W="$WORK/$N"
    mkdir -p "$W"
    # --- the store
    "$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$N" --seed 1 --plan enterprise \
        --data-dir "$W/emulator" >"$W/emulator.json" 2>"$W/emulator.log" &
    EPID=$!
    wait_for_file "$W/emulator.json" emulator_listening 60
    EPORT=$(json "$W/emulator.json" 'd["port"]')
    ETOKEN=$(json "$W/emulator.json" 'd["access_token"]')
    SHOP=$(json "$W/emulator.json" 'd["shop_domain"]')
    STORE="http://127.0.0.1:$EPORT"

    # --- end to end: the hub syncs the store
    start_hub "$W" "$SCOPES" --connector-base-url "shopify=$STORE"
    HUB_TICKS0=$(cpu_ticks "$HPID")
    CT="Content-Type: application/json"
    curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/v1/organizations" >"$W/org.json"
    ORG=$(json "$W/org.json" 'd["id"]')
    curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" >"$W/integration.json" \
        -d "{\"name\":\"Bench\",\"connector_id\":\"shopify\",\"credentials\":{\"shop_domain\":\"$SHOP\",\"access_token\":\"$ETOKEN\"}}"
    INTEGRATION="$HUB/v1/organizations/$ORG/integrations/$(json "$W/integration.json" 'd["id"]')"
    START=$(now)
    curl -sf -H "$AUTH" -X POST "$INTEGRATION/sync/orders" >"$W/job.json"
    JOB="$INTEGRATION/jobs/$(json "$W/job.json" 'd["id"]')"
    FIRST=""
    STATUS=queued
    DEADLINE=$(($(date +%s) + 3600))
    while [ "$STATUS" = queued ] || [ "$STATUS" = running ]; do
        [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the sync did not finish within an hour" >&2; exit 1; }
        sleep 0.25
        curl -sf -H "$AUTH" "$JOB" >"$W/job.json"
        STATUS=$(sed -E 's/.*"status":"([a-z]+)".*/\1/' "$W/job.json")
        if [ -z "$FIRST" ] && ! grep -q '"records_written":0,' "$W/job.json"; then FIRST=$(now); fi
    done
    DONE=$(now)
    [ "$STATUS" = succeeded ] || { echo "the sync ended $STATUS: $(cat "$W/job.json")" >&2; exit 1; }
    HUB_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$HPID/status")
    HUB_TICKS=$(($(cpu_ticks "$HPID") - HUB_TICKS0))
    stop "$HPID"
    HPID=""

    # --- the ceiling: the same bulk JSONL, downloaded once, then parsed and stored locally
    GQL="$STORE/admin/api/2026-10/graphql.json"
    gql() { curl -sf -H "X-Shopify-Access-Token: $ETOKEN" -H "$CT" "$GQL" -d "$1"; }
    # shellcheck disable=SC2016  # $q is GraphQL, not shell
    BODY=$(python3 -c 'import json,sys;print(json.dumps({"query":"mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }","variables":{"q":sys.argv[1]}}))' \
        "$("$CEILING" query)")
    GEN_START=$(now)
    gql "$BODY" >"$W/bulk.json"
    OP=""
    while [ "$OP" != COMPLETED ]; do
        [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the bulk export did not finish" >&2; exit 1; }
        sleep 0.1
        gql '{"query":"{ currentBulkOperation { status objectCount url } }"}' >"$W/op.json"
        OP=$(json "$W/op.json" 'd["data"]["currentBulkOperation"]["status"]')
        case "$OP" in FAILED|CANCELED) echo "bulk operation $OP" >&2; exit 1;; esac
    done
    GEN_DONE=$(now)
    curl -sf "$(json "$W/op.json" 'd["data"]["currentBulkOperation"]["url"]')" -o "$W/orders.jsonl"
    "$CEILING" store "$W/orders.jsonl" "$W/ceiling" >"$W/ceiling.json"
    stop "$EPID"
    EPID=""

    OUT=$(python3 - "$W/job.json" "$W/ceiling.json" "$N" "$START" "$FIRST" "$DONE" "$HUB_RSS_KB" \
        "$GEN_START" "$GEN_DONE" "$(stat -c %s "$W/orders.jsonl")" "$HUB_TICKS" "$(getconf CLK_TCK)" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
ceil = json.load(open(sys.argv[2]))
n = int(sys.argv[3])
start, first, done = float(sys.argv[4]), float(sys.argv[5] or sys.argv[6]), float(sys.argv[6])
rss_mb = int(sys.argv[7]) / 1024
generate = float(sys.argv[9]) - float(sys.argv[8])
size = int(sys.argv[10])
hub_cpu = int(sys.argv[11]) / int(sys.argv[12])
records = job["progress"]["records_written"]
e2e = done - start
stream = done - first
row = {
    "orders": n, "records": records, "jsonl_mb": round(size / 1e6, 1),
    "e2e_s": round(e2e, 2), "to_first_batch_s": round(first - start, 2), "stream_s": round(stream, 2),
    "emulator_export_s": round(generate, 2), "ceiling_s": round(ceil["seconds"], 2),
    "ratio": round(ceil["seconds"] / e2e, 2), "ratio_stream": round(ceil["seconds"] / stream, 2),
    "records_per_s": round(records / e2e), "ceiling_records_per_s": round(ceil["records_per_s"]),
    "hub_cpu_s": round(hub_cpu, 2), "ceiling_cpu_s": round(ceil["cpu_s"], 2),
    "hub_peak_rss_mb": round(rss_mb), "ceiling_peak_rss_mb": round(ceil["peak_rss_mb"]),
    "ceiling_phases_s": {k: round(ceil[k], 2) for k in ("read_s", "assemble_s", "map_s", "store_s")},
}
ok = lambda good: "" if good else " (missed)"
print(f"| {n:,} | {records:,} | {row['e2e_s']} s | {row['to_first_batch_s']} s | {row['stream_s']} s "
      f"| {row['ceiling_s']} s | {row['ratio']}{ok(row['ratio'] >= 0.5)} | {row['ratio_stream']} "
      f"| {row['records_per_s']:,} | {row['hub_cpu_s']} s / {row['ceiling_cpu_s']} s "
      f"| {row['hub_peak_rss_mb']} MB{ok(rss_mb <= 150)} |")
print(json.dumps(row))
PY
)
    ROWS+=("$(echo "$OUT" | head -1)")
    JSONS+=("$(echo "$OUT" | tail -1)")
done

echo "| orders | records | end to end | to first batch | streaming | ceiling | ratio (≥ 0.5) | ratio, streaming | records/s | CPU hub / ceiling | hub peak RSS (≤ 150 MB) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${JSONS[@]}"
