#!/usr/bin/env bash
# Bulk JSONL throughput of the Shopify emulator: a 1,000,000-order store, one bulk query over
# orders with their line items, the JSONL downloaded from the emulator's storage listener.
# Prints one table row (markdown) and a JSON summary. Usage:
#   bench/emulator/run.sh [path/to/storebridge] [orders]
set -euo pipefail

BIN="${1:-build/storebridge}"
ORDERS="${2:-1000000}"
WORK="$(mktemp -d)"
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$ORDERS" --products 1000 --customers 50000 \
    --plan plus --data-dir "$WORK/data" >"$WORK/listen.json" 2>"$WORK/emulator.log" &
PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/listen.json" ] && break; sleep 0.1; done
PORT=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["port"])' "$WORK/listen.json")
TOKEN=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["access_token"])' "$WORK/listen.json")
GQL="http://127.0.0.1:$PORT/admin/api/2026-10/graphql.json"

gql() {
    curl -sf -H "X-Shopify-Access-Token: $TOKEN" -H 'Content-Type: application/json' "$GQL" -d "$1"
}

QUERY='{ orders { edges { node { id name email createdAt updatedAt displayFinancialStatus displayFulfillmentStatus totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } } lineItems { edges { node { id sku quantity originalUnitPriceSet { shopMoney { amount currencyCode } } } } } } } } }'
BODY=$(python3 -c 'import json,sys;print(json.dumps({"query":"mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }","variables":{"q":sys.argv[1]}}))' "$QUERY")

START=$(date +%s.%N)
gql "$BODY" >"$WORK/start.json"
STATUS=""
while [ "$STATUS" != "COMPLETED" ]; do
    sleep 0.2
    gql '{"query":"{ currentBulkOperation { status objectCount rootObjectCount fileSize url } }"}' >"$WORK/op.json"
    STATUS=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["data"]["currentBulkOperation"]["status"])' "$WORK/op.json")
    case "$STATUS" in FAILED|CANCELED) echo "bulk operation $STATUS" >&2; exit 1;; esac
done
GENERATED=$(date +%s.%N)
URL=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["data"]["currentBulkOperation"]["url"])' "$WORK/op.json")
BYTES=$(curl -sf "$URL" -o /dev/null -w '%{size_download}')
DONE=$(date +%s.%N)
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")

python3 - "$WORK/op.json" "$START" "$GENERATED" "$DONE" "$BYTES" "$RSS_KB" "$ORDERS" <<'PY'
import json, sys
op = json.load(open(sys.argv[1]))["data"]["currentBulkOperation"]
start, gen, done = map(float, sys.argv[2:5])
size, rss_kb, orders = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
objects = int(op["objectCount"])
total = done - start
row = {
    "orders": orders, "objects": objects, "bytes": size,
    "generate_s": round(gen - start, 2), "download_s": round(done - gen, 2), "total_s": round(total, 2),
    "objects_per_s": round(objects / total), "mb_per_s": round(size / 1e6 / total, 1),
    "download_mb_per_s": round(size / 1e6 / max(done - gen, 1e-9), 1), "peak_rss_mb": round(rss_kb / 1024),
}
print(f"| {orders:,} | {objects:,} | {size/1e6:,.0f} MB | {row['generate_s']} s | {row['download_s']} s | "
      f"{row['total_s']} s | {row['objects_per_s']:,} | {row['mb_per_s']} | {row['peak_rss_mb']} MB |")
print(json.dumps(row))
PY
