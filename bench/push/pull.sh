#!/usr/bin/env bash
# The custom connector's pull option: N orders in a JSON Lines file served by the reference pull
# server (`storebridge emulate custom --records FILE`), pulled by `POST …/sync/orders` into a
# custom integration with base_url and pull_token. Prints records/s over the job's run
# (started_at to finished_at, as the job reports it), pages, the hub's peak RSS, and checks the
# integration holds N orders.
# SQLite in a temp dir by default; PostgreSQL with --database URL (or STOREBRIDGE_BENCH_DATABASE):
#   scripts/with-postgres sh -c 'bench/push/pull.sh --database "$STOREBRIDGE_TEST_POSTGRES_URL"'
# Usage: bench/push/pull.sh [--build DIR] [--orders N] [--database URL]
set -euo pipefail

BUILD=build
N=100000
DB_URL="${STOREBRIDGE_BENCH_DATABASE:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --build) BUILD="$2"; shift 2 ;;
        --orders) N="$2"; shift 2 ;;
        --database) DB_URL="$2"; shift 2 ;;
        *) echo "usage: $0 [--build DIR] [--orders N] [--database URL]" >&2; exit 2 ;;
    esac
done
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"

# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
rss_mb() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$HPID/status"; }

ENGINE=sqlite
DB_FLAGS=(--data-dir "$WORK/hub")
if [ -n "$DB_URL" ]; then ENGINE=postgres; DB_FLAGS=(--data-dir "$WORK/hub" --database "$DB_URL"); fi
PULL_TOKEN="sbpull_bench_$(date +%s%N)"

# --- N orders in the push record shape, 3 line items each (~1 KB a line)
python3 - "$N" "$WORK/orders.jsonl" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    for i in range(n):
        oid = f"PO-{i:07d}"
        t = f"2026-11-{1 + i // 86400 % 28:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
        items = [{"id": f"{oid}-{k}", "title": f"Item {k}", "sku": f"SKU-{(i + k) % 500}",
                  "quantity": 1 + k, "unit_price": {"amount": f"{5 + k}.50", "currency": "EUR"}}
                 for k in range(3)]
        rec = {"type": "COMMERCE_ORDER", "external_id": oid, "updated_at": t,
               "data": {"id": oid, "name": f"#{i}", "email": f"buyer{i % 5000}@example.test",
                        "status": "open", "financial_status": "paid", "currency": "EUR",
                        "total": {"amount": f"{30 + i % 70}.00", "currency": "EUR"},
                        "customer_id": f"c{i % 5000}", "line_items": items,
                        "created_at": t, "updated_at": t}}
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
PY

# --- the reference server and the hub
"$BIN" emulate custom --listen 127.0.0.1:0 --records "$WORK/orders.jsonl" --token "$PULL_TOKEN" \
    >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
EPID=$!
wait_for_file "$WORK/emulator.json" emulator_listening 120
SERVER=$(json "$WORK/emulator.json" 'd["base_url"]')
"$BIN" admin create-account bench "${DB_FLAGS[@]}" >/dev/null 2>&1
"$BIN" admin create-client --account bench \
    --scopes "organizations:write integrations:read integrations:write commerce:read" \
    "${DB_FLAGS[@]}" >"$WORK/client.json" 2>/dev/null
"$BIN" serve --listen 127.0.0.1:0 "${DB_FLAGS[@]}" --access-log false --allow-private-targets true \
    2>"$WORK/hub.log" &
HPID=$!
wait_for_file "$WORK/hub.log" '"listening"' 60
HUB="http://127.0.0.1:$(grep '"listening"' "$WORK/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')"
curl -sf -u "$(json "$WORK/client.json" 'd["client_id"]'):$(json "$WORK/client.json" 'd["client_secret"]')" \
    -d grant_type=client_credentials "$HUB/oauth/token" >"$WORK/token.json"
AUTH="Authorization: Bearer $(json "$WORK/token.json" 'd["access_token"]')"
CT="Content-Type: application/json"
curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Pull"}' "$HUB/v1/organizations" >"$WORK/org.json"
ORG=$(json "$WORK/org.json" 'd["id"]')
curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" -d "{\"name\":\"ERP\",\"connector_id\":\"custom\",\"settings\":{\"base_url\":\"$SERVER\"},\"credentials\":{\"pull_token\":\"$PULL_TOKEN\"}}" >"$WORK/int.json"
INT=$(json "$WORK/int.json" 'd["id"]')

# --- the pull
curl -sf -H "$AUTH" -X POST "$HUB/v1/organizations/$ORG/integrations/$INT/sync/orders" >"$WORK/job.json"
JOB="$HUB/v1/organizations/$ORG/integrations/$INT/jobs/$(json "$WORK/job.json" 'd["id"]')"
DEADLINE=$(($(date +%s) + 3600))
while :; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the pull did not finish within an hour" >&2; exit 1; }
    sleep 1
    curl -sf -H "$AUTH" "$JOB" >"$WORK/job.json"
    case "$(json "$WORK/job.json" 'd["status"]')" in queued|running) ;; *) break ;; esac
done
[ "$(json "$WORK/job.json" 'd["status"]')" = succeeded ] || { cat "$WORK/job.json" >&2; exit 1; }
RSS=$(rss_mb)
curl -sf -H "$AUTH" "$HUB/v1/organizations/$ORG/integrations/$INT" >"$WORK/int.json"
LISTED=$(json "$WORK/int.json" 'sum(t["records"] for t in d["data_types"] if t["data_type"] == "COMMERCE_ORDER")')

python3 - "$ENGINE" "$N" "$WORK/job.json" "$RSS" "$LISTED" "$(stat -c %s "$WORK/orders.jsonl")" <<'PY'
import datetime, json, sys
engine, n, job, rss, listed, size = sys.argv[1], int(sys.argv[2]), json.load(open(sys.argv[3])), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
seconds = (t(job["finished_at"]) - t(job["started_at"])).total_seconds()
p = job["progress"]
print("| way in | engine | orders | JSONL | job time | records/s | pages | hub peak RSS after |")
print("|---|---|---|---|---|---|---|---|")
print(f"| pull (`…/sync/orders` from `emulate custom`) | {engine} | {p['records_written']:,} | "
      f"{size / 1e6:.0f} MB | {seconds:.2f} s | {p['records_written'] / seconds:,.0f} | {p['pages']} | {rss} MB |")
print(json.dumps({"engine": engine, "orders": n, "listed": listed, "seconds": seconds,
                  "records_written": p["records_written"], "pages": p["pages"], "rss_mb": rss}))
sys.exit(0 if listed == n and p["records_written"] == n else 1)
PY
