#!/usr/bin/env bash
# The custom connector's two ways in, 100,000 orders each, and the issue's done-when check:
#   1. `storebridge emulate shopify --orders N` synced by `storebridge serve` into organization S:
#      the orders a Shopify store has. Its change feed, as push JSONL, is the file pushed below.
#   2. `storebridge push` (signed, Standard Webhooks) into custom integration A, then
#      bench/push/push.py bearer (POST …/records with the token, 1,000 a batch, one
#      Idempotency-Key each) into custom integration B: wall time, records/s, the hub's peak
#      RSS (VmHWM) after each.
#   3. A batch signed by push.py's Python signer (docs/custom-connector.md) is accepted.
#   4. The ceiling, in the same run: the same file, the same batches, through the push path's
#      own parser and store straight into custom integration C, the hub stopped
#      (storebridge_bench_push_ceiling: no HTTP, no signature): records/s and its peak RSS.
#   5. push.py verify: A and B each list N orders through commerce-orders and the change feed,
#      and a sample reads back identically to S's through commerce-orders/{id}, the feed and
#      /erc/ecommerce (the integration id aside).
# SQLite in a temp dir by default; PostgreSQL with --database URL (or STOREBRIDGE_BENCH_DATABASE):
#   scripts/with-postgres sh -c 'bench/push/run.sh --database "$STOREBRIDGE_TEST_POSTGRES_URL"'
# Usage: bench/push/run.sh [--build DIR] [--orders N] [--database URL] [--sample K]
set -euo pipefail

BUILD=build
N=100000
SAMPLE=200
DB_URL="${STOREBRIDGE_BENCH_DATABASE:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --build) BUILD="$2"; shift 2 ;;
        --orders) N="$2"; shift 2 ;;
        --database) DB_URL="$2"; shift 2 ;;
        --sample) SAMPLE="$2"; shift 2 ;;
        *) echo "usage: $0 [--build DIR] [--orders N] [--database URL] [--sample K]" >&2; exit 2 ;;
    esac
done
BIN="$BUILD/storebridge"
CEILING="$BUILD/storebridge_bench_push_ceiling"
for b in "$BIN" "$CEILING"; do
    [ -x "$b" ] || { echo "missing $b (ninja -C $BUILD storebridge storebridge_bench_push_ceiling)" >&2; exit 2; }
done
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/push.py"

# shellcheck source=../lib.sh
source "$HERE/../lib.sh"
now() { date +%s.%N; }
rss_mb() { awk '/VmHWM/ {printf "%d", $2 / 1024}' "/proc/$HPID/status"; }

ENGINE=sqlite
DB_FLAGS=(--data-dir "$WORK/hub")
if [ -n "$DB_URL" ]; then ENGINE=postgres; DB_FLAGS=(--data-dir "$WORK/hub" --database "$DB_URL"); fi
SCOPES="organizations:read organizations:write integrations:read integrations:write commerce:read account:read"
SCOPES="$SCOPES erc-ecommerce-connections-customers:read erc-ecommerce-connections-orders:read"

# --- the Shopify store and the hub
"$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$N" --seed 1 --plan enterprise \
    --data-dir "$WORK/emulator" >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
EPID=$!
wait_for_file "$WORK/emulator.json" emulator_listening 60
STORE="http://127.0.0.1:$(json "$WORK/emulator.json" 'd["port"]')"
"$BIN" admin create-account bench "${DB_FLAGS[@]}" >/dev/null 2>&1
"$BIN" admin create-client --account bench --scopes "$SCOPES" "${DB_FLAGS[@]}" \
    >"$WORK/client.json" 2>/dev/null
"$BIN" serve --listen 127.0.0.1:0 "${DB_FLAGS[@]}" --access-log false --body-limit 16777216 \
    --connector-base-url "shopify=$STORE" 2>"$WORK/hub.log" &
HPID=$!
wait_for_file "$WORK/hub.log" '"listening"' 60
HUB="http://127.0.0.1:$(grep '"listening"' "$WORK/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')"
curl -sf -u "$(json "$WORK/client.json" 'd["client_id"]'):$(json "$WORK/client.json" 'd["client_secret"]')" \
    -d grant_type=client_credentials "$HUB/oauth/token" >"$WORK/token.json"
TOKEN=$(json "$WORK/token.json" 'd["access_token"]')
AUTH="Authorization: Bearer $TOKEN"
CT="Content-Type: application/json"
org() {  # org NAME -> id
    curl -sf -H "$AUTH" -H "$CT" -d "{\"name\":\"$1\"}" "$HUB/v1/organizations" >"$WORK/org.json"
    json "$WORK/org.json" 'd["id"]'
}
integration() {  # integration ORG BODY FILE -> id, the answer kept in FILE
    curl -sf -H "$AUTH" -H "$CT" -d "$2" "$HUB/v1/organizations/$1/integrations" >"$3"
    json "$3" 'd["id"]'
}

# --- 1. the Shopify store's orders, synced
S_ORG=$(org Shop)
S_INT=$(integration "$S_ORG" "{\"name\":\"Shop\",\"connector_id\":\"shopify\",\"credentials\":{\"shop_domain\":\"$(json "$WORK/emulator.json" 'd["shop_domain"]')\",\"access_token\":\"$(json "$WORK/emulator.json" 'd["access_token"]')\"}}" "$WORK/shop.json")
curl -sf -H "$AUTH" -X POST "$HUB/v1/organizations/$S_ORG/integrations/$S_INT/sync/orders" >/dev/null
# Customers too: seed 004's /erc/ecommerce reaches an order through its customer. Wait until
# no job is left to run.
curl -sf -H "$AUTH" -X POST "$HUB/v1/organizations/$S_ORG/integrations/$S_INT/sync/customers" >/dev/null
JOBS="$HUB/v1/organizations/$S_ORG/integrations/$S_INT/jobs?limit=100"
DEADLINE=$(($(date +%s) + 3600))
while :; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the syncs did not finish within an hour" >&2; exit 1; }
    sleep 1
    curl -sf -H "$AUTH" "$JOBS" >"$WORK/jobs.json"
    LEFT=$(json "$WORK/jobs.json" 'sum(j["status"] in ("queued", "running") for j in d["_embedded"]["items"])')
    DONE_TYPES=$(json "$WORK/jobs.json" '" ".join(sorted(j["data_type"] for j in d["_embedded"]["items"] if j["status"] == "succeeded"))')
    [ "$LEFT" = 0 ] && case "$DONE_TYPES" in *COMMERCE_CUSTOMER*COMMERCE_ORDER*) break ;; esac
done
echo "synced: $DONE_TYPES" >&2
stop "$EPID"
EPID=""
python3 "$PY" export "$HUB" "$TOKEN" "$S_ORG" "$WORK/orders.jsonl" >"$WORK/export.json"
[ "$(json "$WORK/export.json" 'd["orders"]')" = "$N" ] || { echo "the export has $(cat "$WORK/export.json"), not $N orders" >&2; exit 1; }
RSS_SYNC=$(rss_mb)

# --- 2. the two ways in
A_ORG=$(org Signed)
A_INT=$(integration "$A_ORG" '{"name":"Signed","connector_id":"custom"}' "$WORK/a.json")
(umask 077; json "$WORK/a.json" 'd["push_secret"]' >"$WORK/a.secret")
B_ORG=$(org Bearer)
B_INT=$(integration "$B_ORG" '{"name":"Bearer","connector_id":"custom"}' "$WORK/b.json")

"$BIN" push "$WORK/orders.jsonl" --integration "$A_INT" --url "$HUB" \
    --secret-file "$WORK/a.secret" >"$WORK/signed.json" 2>"$WORK/signed.log"
RSS_SIGNED=$(rss_mb)
python3 "$PY" bearer "$HUB" "$TOKEN" "$B_ORG" "$B_INT" "$WORK/orders.jsonl" >"$WORK/bearer.json"
RSS_BEARER=$(rss_mb)

# --- 3. the Python signer of the doc: identical records, accepted, nothing new written
python3 "$PY" signed "$HUB" "$A_INT" "$(cat "$WORK/a.secret")" "$WORK/orders.jsonl" >"$WORK/py.txt"

# --- 4. read back
VERIFY_OK=yes
python3 "$PY" verify "$HUB" "$TOKEN" "$N" "$SAMPLE" "$S_ORG:$S_INT" "$A_ORG:$A_INT" "$B_ORG:$B_INT" \
    >"$WORK/verify.json" 2>"$WORK/verify.err" || { VERIFY_OK=no; cat "$WORK/verify.err" >&2; }

# --- 5. the ceiling: the hub stopped, the same batches into C without HTTP
ACCOUNT=$(curl -sf -H "$AUTH" "$HUB/v1/account" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
C_ORG=$(org Ceiling)
C_INT=$(integration "$C_ORG" '{"name":"Ceiling","connector_id":"custom"}' "$WORK/c.json")
stop "$HPID"
HPID=""
if [ "$ENGINE" = postgres ]; then CEIL_DB="$DB_URL"; else CEIL_DB="sqlite:$WORK/hub/storebridge.db"; fi
"$CEILING" "$CEIL_DB" "$ACCOUNT" "$C_INT" "$WORK/orders.jsonl" >"$WORK/ceiling.json"

python3 - "$ENGINE" "$N" "$WORK/signed.json" "$WORK/bearer.json" "$WORK/verify.json" \
    "$RSS_SYNC" "$RSS_SIGNED" "$RSS_BEARER" "$VERIFY_OK" "$(stat -c %s "$WORK/orders.jsonl")" \
    "$(cat "$WORK/py.txt")" "$WORK/ceiling.json" <<'PY'
import json, sys
engine, n = sys.argv[1], int(sys.argv[2])
def load(p):
    try:
        return json.load(open(p))
    except ValueError:
        return {}
signed, bearer, verify = (load(p) for p in sys.argv[3:6])
rss_sync, rss_signed, rss_bearer = (int(x) for x in sys.argv[6:9])
ok, size, py = sys.argv[9], int(sys.argv[10]), sys.argv[11]
ceiling = load(sys.argv[12])
print(f"| way in | engine | records ({n:,} orders) | JSONL | time | records/s | batches | hub peak RSS after |")
print("|---|---|---|---|---|---|---|---|")
for name, r, rss in (("signed (`storebridge push`)", signed, rss_signed),
                     ("bearer (…/records)", bearer, rss_bearer)):
    print(f"| {name} | {engine} | {r['records']:,} | {size / 1e6:.0f} MB | {r['seconds']:.2f} s "
          f"| {r['records_per_second']:,.0f} | {r['batches']} | {rss} MB |")
print(f"| ceiling (parser + store, no HTTP) | {engine} | {ceiling['records']:,} | {size / 1e6:.0f} MB "
      f"| {ceiling['seconds']:.2f} s (parse {ceiling['parse_seconds']:.2f} s) "
      f"| {ceiling['records_per_second']:,.0f} | {ceiling['batches']} | {ceiling['peak_rss_mb']} MB (its own) |")
for name, r in (("signed", signed), ("bearer", bearer)):
    print(f"{name}: {r['records_per_second'] / ceiling['records_per_second']:.2f} of the ceiling")
print(f"\nhub peak RSS after the Shopify sync and export: {rss_sync} MB")
print(f"python signer: {py}")
print(f"read back ({ok}): {json.dumps(verify)}")
print(json.dumps({"engine": engine, "orders": n, "signed": signed, "bearer": bearer,
                  "ceiling": ceiling,
                  "rss_mb": {"sync": rss_sync, "signed": rss_signed, "bearer": rss_bearer},
                  "verified": ok == "yes", "verify": verify}))
sys.exit(0 if ok == "yes" else 1)
PY
