#!/usr/bin/env bash
# Soak: the hub (SQLite, a temp data dir) connected to `storebridge emulate shopify` through the
# OAuth install, then MINUTES of mixed load (bench/soak/load.py): API reads and writes on two
# connections, signed orders/updated webhooks (~20/s) and an incremental order sync each
# minute. The hub's RSS is sampled every minute; prints the table and whether RSS is flat
# (grew less than the ceiling over the last 10 minutes). Exits 1 if it grew or any answer was
# a 5xx. Usage:
#   bench/soak/run.sh [--minutes N] [--build DIR] [--orders N] [--ceiling-mb MB]
#   defaults: 30 minutes, build, 2000 orders, 5 MB
set -euo pipefail

MINUTES=30
BUILD=build
ORDERS=2000
CEILING_MB=5
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift 2;;
        --build) BUILD="$2"; shift 2;;
        --orders) ORDERS="$2"; shift 2;;
        --ceiling-mb) CEILING_MB="$2"; shift 2;;
        *) echo "usage: $0 [--minutes N] [--build DIR] [--orders N] [--ceiling-mb MB]" >&2; exit 2;;
    esac
done
BIN="$BUILD/storebridge"
[ -x "$BIN" ] || { echo "missing $BIN (ninja -C $BUILD storebridge)" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"

# shellcheck source=../lib.sh
source "$HERE/../lib.sh"

# --- the store and the hub
"$BIN" emulate shopify --listen 127.0.0.1:0 --orders "$ORDERS" --customers $((ORDERS / 5)) \
    --seed 1 --plan enterprise --api-key soak-key --api-secret soak-secret \
    --data-dir "$WORK/emulator" >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
EPID=$!
wait_for_file "$WORK/emulator.json" emulator_listening 120
STORE="http://127.0.0.1:$(json "$WORK/emulator.json" 'd["port"]')"
ETOKEN=$(json "$WORK/emulator.json" 'd["access_token"]')
SHOP=$(json "$WORK/emulator.json" 'd["shop_domain"]')

SCOPES="organizations:read organizations:write integrations:read integrations:write commerce:read"
SCOPES="$SCOPES providers:write account:read"
"$BIN" admin create-account soak --data-dir "$WORK/hub" >/dev/null 2>&1
"$BIN" admin create-client --account soak --scopes "$SCOPES" --data-dir "$WORK/hub" \
    >"$WORK/client.json" 2>/dev/null
"$BIN" serve --listen 127.0.0.1:0 --data-dir "$WORK/hub" --access-log false \
    --connector-base-url "shopify=$STORE" 2>"$WORK/hub.log" &
HPID=$!
wait_for_file "$WORK/hub.log" '"listening"' 60
HPORT=$(grep '"listening"' "$WORK/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')
HUB="http://127.0.0.1:$HPORT"
curl -sf -u "$(json "$WORK/client.json" 'd["client_id"]'):$(json "$WORK/client.json" 'd["client_secret"]')" \
    -d grant_type=client_credentials "$HUB/oauth/token" >"$WORK/token.json"
TOKEN=$(json "$WORK/token.json" 'd["access_token"]')
AUTH="Authorization: Bearer $TOKEN"
CT="Content-Type: application/json"

# Connected as a merchant would: the provider app, a data connection, the OAuth install;
# auto_connect then syncs the requested customers and orders.
curl -sf -X PUT -H "$AUTH" -H "$CT" "$HUB/api/v6/providers/shopify/credentials" \
    -d '{"credentials":{"client_id":"soak-key","client_secret":"soak-secret"}}' >/dev/null
curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"auto_connect":true}' "$HUB/api/v6/providers/shopify/settings" >/dev/null
curl -sf -X PUT -H "$AUTH" -H "$CT" -d '{"enable":true}' "$HUB/api/v6/providers/shopify" >/dev/null
ORG=$(curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Soak"}' "$HUB/api/v6/users" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sf -H "$AUTH" -H "$CT" "$HUB/api/v6/users/$ORG/data-connections" >"$WORK/dc.json" \
    -d "{\"provider_name\":\"shopify\",\"shop_domain\":\"$SHOP\",\"requested_data_types\":[\"COMMERCE_CUSTOMER\",\"COMMERCE_ORDER\"]}"
INTEGRATION=$(json "$WORK/dc.json" 'd["id"]')
curl -sfL -H "Accept: application/json" "$(json "$WORK/dc.json" 'd["connect_url"]')" >/dev/null
DEADLINE=$(($(date +%s) + 1800))
while :; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "the initial sync did not finish" >&2; exit 1; }
    sleep 1
    curl -sf -H "$AUTH" "$HUB/v1/organizations/$ORG/integrations/$INTEGRATION/jobs?limit=10" >"$WORK/jobs.json"
    if python3 - "$WORK/jobs.json" <<'PY'
import json, sys
states = [j["status"] for j in json.load(open(sys.argv[1]))["_embedded"]["items"]]
if any(s in ("failed", "cancelled") for s in states):
    sys.exit("a sync ended " + json.dumps(states))
sys.exit(0 if len(states) == 2 and all(s == "succeeded" for s in states) else 1)
PY
    then break; fi
done
# The webhooks carry the store's own orders, REST-shaped as Shopify sends them.
curl -sf -H "X-Shopify-Access-Token: $ETOKEN" "$STORE/admin/api/2026-10/orders.json?limit=50" \
    >"$WORK/orders.json"

echo "soak: $MINUTES minute(s), $ORDERS orders synced; hub pid $HPID on $HUB (SQLite)"
python3 "$HERE/load.py" "$HPORT" "$TOKEN" "$ORG" "$INTEGRATION" "$SHOP" soak-secret \
    "$WORK/orders.json" "$HPID" "$MINUTES" "$CEILING_MB"
