#!/usr/bin/env bash
# Webhooks out, measured (issue 21). For each engine (SQLite, then PostgreSQL):
#   1. `storebridge emulate shopify --orders N`, a receiver on 127.0.0.1 (events.py receiver:
#      logs each request, checks its Standard Webhooks signature, answers 200 or, during the
#      outage, 503) and `storebridge serve` (fresh data dir or database, --allow-private-targets,
#      --event-retry-scale); an endpoint for record.* and sync.*, then the store connected
#      through the OAuth install (orders only; the hub subscribes to the store's webhooks and
#      runs the initial sync).
#   2. Initial sync: record.created events delivered per second (first to last arrival), against
#      the hub's own write rate (records / first to last record.created timestamp, i.e. outbox
#      insert in the record's transaction) and the receiver's ceiling (the same number of the
#      same body, signed, POSTed by a trivial sender with as many keep-alive connections as the
#      hub has event senders, measured in the same run); commit to delivery (arrival minus the
#      event's `timestamp`, the outbox insert time) p50/p99/max.
#   3. Webhook-driven: K order edits in the store (PUT /_emulator/orders/{id}, a unique note),
#      paced at 5 a second: edit call to the record.updated event's arrival, p50/p99.
#   4. Outage: the receiver answers 503 for S seconds while K more edits happen (two per order);
#      then every event must arrive, each record's in seq order.
#   5. kill -9: during a burst of K edits (50 a second; the receiver answers 100 ms late, so
#      deliveries are in flight) the hub is killed and restarted on the same data and port;
#      every edit's event must arrive at least once, in order (duplicates counted).
# Every event the hub's delivery log lists must have arrived (answered 200); the log must end
# with nothing pending or failed. Prints a markdown row and a JSON line per engine; exits 1
# when an event went missing, arrived out of order or had a bad signature.
# Usage:
#   bench/events/run.sh [--build DIR] [--orders N] [--outage-seconds S] [--edits K]
#                       [--engines sqlite,postgres] [--retry-scale X] [--keep DIR]
#   defaults: build, 20000 orders, 60 s, 100 edits a phase, both engines, X = S / 40000;
#   --keep DIR keeps each engine's logs (receiver log, edits, hub logs) in DIR/ENGINE.
# PostgreSQL: a throwaway cluster through scripts/with-postgres (the script re-runs itself
# under it), or the empty database in $STOREBRIDGE_BENCH_DATABASE.
set -euo pipefail

BUILD=build
ORDERS=20000
OUTAGE=60
EDITS=100
ENGINES=sqlite,postgres
SCALE=""
KEEP=""
ARGS=("$@")
while [ $# -gt 0 ]; do
    case "$1" in
        --build) BUILD="$2"; shift 2;;
        --orders) ORDERS="$2"; shift 2;;
        --outage-seconds) OUTAGE="$2"; shift 2;;
        --edits) EDITS="$2"; shift 2;;
        --engines) ENGINES="$2"; shift 2;;
        --retry-scale) SCALE="$2"; shift 2;;
        --keep) KEEP="$2"; shift 2;;
        *) echo "usage: $0 [--build DIR] [--orders N] [--outage-seconds S] [--edits K] [--engines sqlite,postgres] [--retry-scale X] [--keep DIR]" >&2
           exit 2;;
    esac
done
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }
BIN="$(cd "$(dirname "$BIN")" && pwd)/storebridge"
PG_URL="${STOREBRIDGE_BENCH_DATABASE:-${STOREBRIDGE_TEST_POSTGRES_URL:-}}"
if [[ ",$ENGINES," == *,postgres,* ]] && [ -z "$PG_URL" ]; then
    exec "$ROOT/scripts/with-postgres" "$0" "${ARGS[@]}"
fi
# The retry schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 99,305 s) scaled so that an
# event's 7th attempt (63,305 s in, less 10 % jitter) falls after the outage: S / 40000 gives up
# only ~2.5 S after an event's first attempt, and retries it ~1.4 S after.
[ -n "$SCALE" ] || SCALE=$(python3 -c "print(round(min(1.0, $OUTAGE / 40000), 6))")
SENDERS=2

# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
RPID=""
DPID=""
bench_cleanup() {
    for p in "$DPID" "$RPID"; do [ -z "$p" ] || stop "$p"; done
    cleanup
}
trap bench_cleanup EXIT
EV="$HERE/events.py"
now() { date +%s.%N; }
ROWS=()
JSONS=()
STATUS=0

run_engine() {
    local engine="$1"
    local W="$WORK/$engine"
    mkdir -p "$W"
    local DB_ARGS=()
    [ "$engine" = sqlite ] || DB_ARGS=(--database "$PG_URL")

    # --- the store: its webhooks retried 20 times faster (0.5 s, 3 s, 15 s, ...) so the ones
    # sent while the hub is down (kill -9) come back within seconds
    "$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$ORDERS" --customers $((ORDERS / 5)) \
        --seed 1 --plan enterprise --api-key bench-key --api-secret bench-secret \
        --webhook-retry-scale 0.05 --data-dir "$W/emulator" >"$W/emulator.json" 2>"$W/emulator.log" &
    EPID=$!
    wait_for_file "$W/emulator.json" emulator_listening 120
    local STORE ETOKEN SHOP
    STORE="http://127.0.0.1:$(json "$W/emulator.json" 'd["port"]')"
    ETOKEN=$(json "$W/emulator.json" 'd["access_token"]')
    SHOP=$(json "$W/emulator.json" 'd["shop_domain"]')

    # --- the receiver
    python3 "$EV" receiver "$W/received.jsonl" >"$W/receiver.json" 2>"$W/receiver.log" &
    RPID=$!
    wait_for_file "$W/receiver.json" port 30
    local RX
    RX="http://127.0.0.1:$(json "$W/receiver.json" 'd["port"]')"

    # --- the hub
    local SCOPES="organizations:read organizations:write integrations:read integrations:write"
    SCOPES="$SCOPES providers:write account:read webhooks:read webhooks:write"
    "$BIN" admin create-account bench --data-dir "$W/hub" "${DB_ARGS[@]}" >/dev/null 2>&1
    "$BIN" admin create-client --account bench --scopes "$SCOPES" --data-dir "$W/hub" \
        "${DB_ARGS[@]}" >"$W/client.json" 2>/dev/null
    local SERVE=(serve --data-dir "$W/hub" "${DB_ARGS[@]}" --access-log false
        --connector-base-url "shopify=$STORE" --allow-private-targets true
        --event-senders "$SENDERS" --event-retry-scale "$SCALE" --sync-interval 10080)
    "$BIN" "${SERVE[@]}" --listen 127.0.0.1:0 2>"$W/hub.log" &
    HPID=$!
    wait_for_file "$W/hub.log" '"listening"' 60
    local HPORT HUB TOKEN AUTH CT="Content-Type: application/json"
    HPORT=$(grep '"listening"' "$W/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')
    HUB="http://127.0.0.1:$HPORT"
    curl -sf -u "$(json "$W/client.json" 'd["client_id"]'):$(json "$W/client.json" 'd["client_secret"]')" \
        -d grant_type=client_credentials "$HUB/oauth/token" >"$W/token.json"
    TOKEN=$(json "$W/token.json" 'd["access_token"]')
    AUTH="Authorization: Bearer $TOKEN"

    # --- the endpoint, then the store connected
    curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/webhook-endpoints" >"$W/endpoint.json" \
        -d "{\"url\":\"$RX/hook\",\"event_types\":[\"record.*\",\"sync.*\"]}"
    local ENDPOINT SECRET
    ENDPOINT=$(json "$W/endpoint.json" 'd["id"]')
    SECRET=$(json "$W/endpoint.json" 'd["secret"]')
    curl -sf -H "$CT" -d "{\"secret\":\"$SECRET\",\"failing\":false}" "$RX/_control" >/dev/null
    curl -sf -X PUT -H "$AUTH" -H "$CT" "$HUB/api/v6/providers/shopify/credentials" \
        -d '{"credentials":{"client_id":"bench-key","client_secret":"bench-secret"}}' >/dev/null
    curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"auto_connect":true}' "$HUB/api/v6/providers/shopify/settings" >/dev/null
    curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"enable":true}' "$HUB/api/v6/providers/shopify" >/dev/null
    local ORG INTEGRATION
    ORG=$(curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/api/v6/users" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    curl -sf -H "$AUTH" -H "$CT" "$HUB/api/v6/users/$ORG/data-connections" >"$W/dc.json" \
        -d "{\"provider_name\":\"shopify\",\"shop_domain\":\"$SHOP\",\"requested_data_types\":[\"COMMERCE_ORDER\"]}"
    INTEGRATION=$(json "$W/dc.json" 'd["id"]')
    curl -sfL -H "Accept: application/json" "$(json "$W/dc.json" 'd["connect_url"]')" >/dev/null
    local DEADLINE=$(($(date +%s) + 3600))
    while :; do
        [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the initial sync did not finish within an hour" >&2; exit 1; }
        sleep 0.5
        curl -sf -H "$AUTH" "$HUB/v1/organizations/$ORG/integrations/$INTEGRATION/jobs?limit=10" >"$W/jobs.json"
        if python3 - "$W/jobs.json" "$W/job.json" <<'PY'
import json, sys
jobs = json.load(open(sys.argv[1]))["_embedded"]["items"]
states = [j["status"] for j in jobs]
if any(s in ("failed", "cancelled") for s in states):
    sys.exit("a sync ended " + json.dumps(states))
if len(jobs) == 1 and states[0] == "succeeded":
    json.dump(jobs[0], open(sys.argv[2], "w"))
    sys.exit(0)
sys.exit(1)
PY
        then break; fi
    done
    local RECORDS
    RECORDS=$(json "$W/job.json" 'd["progress"]["records_written"]')
    # Every record.created and the sync's success delivered (or 10 minutes).
    DEADLINE=$(($(date +%s) + 600))
    until python3 - "$W/received.jsonl" "$RECORDS" <<'PY'
import json, sys
ids, synced = set(), False
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["st"] == 200 and r["path"] == "/hook":
        if r.get("type") == "record.created":
            ids.add(r["id"])
        synced = synced or r.get("type") == "sync.succeeded"
sys.exit(0 if len(ids) >= int(sys.argv[2]) and synced else 1)
PY
    do
        [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "$engine: the initial sync's events did not all arrive within 10 minutes" >&2; exit 1; }
        sleep 1
    done

    # --- the receiver's ceiling: the same number of the same body from a trivial sender
    python3 "$EV" ceiling "$RX" "$SECRET" "$RECORDS" "$SENDERS" "$W/received.jsonl.sample" >"$W/ceiling.json"

    # --- webhook-driven: edits in the store, 5 a second
    curl -sf -H "X-Shopify-Access-Token: $ETOKEN" "$STORE/admin/api/2026-10/orders.json?limit=250" |
        python3 -c 'import json,sys; [print(o["id"]) for o in json.load(sys.stdin)["orders"]]' >"$W/ids.txt"
    head -n "$EDITS" "$W/ids.txt" >"$W/ids_steady.txt"
    python3 "$EV" edits "$STORE" "$W/ids_steady.txt" "$EDITS" "$(python3 -c "print($EDITS / 5)")" \
        steady "$W/edits_steady.jsonl"
    python3 "$EV" wait-notes "$W/received.jsonl" "$W/edits_steady.jsonl" 120

    # --- outage: 503 for S seconds while K edits happen, two per order
    head -n $(((EDITS + 1) / 2)) "$W/ids.txt" >"$W/ids_outage.txt"
    curl -sf -H "$CT" -d '{"failing":true}' "$RX/_control" >/dev/null
    local T_OUT
    T_OUT=$(now)
    python3 "$EV" edits "$STORE" "$W/ids_outage.txt" "$EDITS" "$(python3 -c "print($OUTAGE * 0.8)")" \
        outage "$W/edits_outage.jsonl"
    python3 -c "import time; time.sleep(max(0, $T_OUT + $OUTAGE - time.time()))"
    curl -sf -H "$CT" -d '{"failing":false}' "$RX/_control" >/dev/null
    local OUTAGE_END
    OUTAGE_END=$(now)
    python3 "$EV" wait-notes "$W/received.jsonl" "$W/edits_outage.jsonl" $((3 * OUTAGE + 120)) ||
        echo "$engine: outage: events missing (see the analysis)" >&2

    # --- kill -9 during a burst of edits (50 a second), restarted on the same data and port
    # The receiver answers 100 ms late meanwhile, so deliveries are in flight (leased, sent,
    # not yet settled) when the hub dies.
    curl -sf -H "$CT" -d '{"delay_ms":100}' "$RX/_control" >/dev/null
    python3 "$EV" edits "$STORE" "$W/ids.txt" "$EDITS" "$(python3 -c "print($EDITS / 50)")" \
        kill "$W/edits_kill.jsonl" &
    DPID=$!
    sleep "$(python3 -c "print($EDITS / 100)")"
    kill -9 "$HPID"
    wait "$HPID" 2>/dev/null || true
    "$BIN" "${SERVE[@]}" --listen "127.0.0.1:$HPORT" 2>"$W/hub2.log" &
    HPID=$!
    local RESTART_AT
    RESTART_AT=$(now)
    wait_for_file "$W/hub2.log" '"listening"' 60
    curl -sf -H "$CT" -d '{"delay_ms":0}' "$RX/_control" >/dev/null
    wait "$DPID"
    DPID=""
    # A delivery leased when the hub died goes out again after its lease (60 s).
    python3 "$EV" wait-notes "$W/received.jsonl" "$W/edits_kill.jsonl" 300 ||
        echo "$engine: kill -9: events missing (see the analysis)" >&2

    # --- nothing left pending in the hub's log (or 5 minutes)
    DEADLINE=$(($(date +%s) + 300))
    while [ "$(curl -sf -H "$AUTH" "$HUB/v1/webhook-endpoints/$ENDPOINT/deliveries?status=pending&limit=1" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')" != 0 ]; do
        [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "$engine: deliveries still pending after 5 minutes" >&2; break; }
        sleep 1
    done
    sleep 2  # a last duplicate in flight

    python3 - "$W/args.json" <<PY
import json, sys
json.dump({"engine": "$engine", "orders": $ORDERS, "date": "$(date -u +%FT%TZ)",
           "log": "$W/received.jsonl", "ceiling": "$W/ceiling.json",
           "job": json.load(open("$W/job.json")), "hub": "$HUB", "token": "$TOKEN",
           "endpoint": "$ENDPOINT", "edits_steady": "$W/edits_steady.jsonl",
           "edits_outage": "$W/edits_outage.jsonl", "edits_kill": "$W/edits_kill.jsonl",
           "outage_end": $OUTAGE_END, "restart_at": $RESTART_AT, "outage_seconds": $OUTAGE,
           "retry_scale": $SCALE}, open(sys.argv[1], "w"))
PY
    local OUT RC=0
    OUT=$(python3 "$EV" analyze "$W/args.json") || RC=$?
    [ "$RC" = 0 ] || STATUS=1
    ROWS+=("$(echo "$OUT" | head -1)")
    JSONS+=("$(echo "$OUT" | tail -1)")
    echo "$OUT" | tail -1 >&2
    if [ "$RC" != 0 ] || [ -n "$KEEP" ]; then  # the logs, for a look afterwards
        local K="${KEEP:-$(mktemp -d /tmp/bench-events.XXXXXX)}/$engine"
        mkdir -p "$K"
        cp "$W"/*.jsonl "$W"/*.log "$W"/*.txt "$W/job.json" "$W/ceiling.json" "$K/" 2>/dev/null || true
        echo "$engine: logs kept in $K" >&2
    fi

    stop "$HPID"; HPID=""
    stop "$RPID"; RPID=""
    stop "$EPID"; EPID=""
}

for engine in ${ENGINES//,/ }; do
    echo "events bench: $engine, $ORDERS orders, outage $OUTAGE s, retry scale $SCALE, $EDITS edits a phase" >&2
    run_engine "$engine"
done

echo "| engine | orders | initial sync: events/s | hub writes/s during the sync (events/s ÷) | receiver ceiling/s (÷) | commit→delivery, initial sync p50 / p99 | commit→delivery, edits p50 / p99 | webhook-driven p50 / p99 | outage: missed | kill -9: missed | all: never received / duplicates / out of order |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
printf '%s\n' "${JSONS[@]}"
exit "$STATUS"
