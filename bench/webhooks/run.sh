#!/usr/bin/env bash
# Webhook intake under load, against its ceiling (issue 20). Steps:
#   1. `storebridge emulate shopify` (a small store) and `storebridge serve` on a fresh data dir
#      (SQLite, or the PostgreSQL database in $STOREBRIDGE_BENCH_DATABASE); an integration
#      created through the API with the emulator's token, and the provider app's credentials
#      set so deliveries signed with its secret verify.
#   2. For each rate: signed `orders/updated` deliveries under wrk for N seconds, each with its
#      own X-Shopify-Webhook-Id. The bodies are the shared order fixture with the order id
#      (1,000 orders) and updated_at (one second later per delivery) varied, so every apply
#      writes; they and their X-Shopify-Hmac-Sha256 are computed before the step. wrk cannot
#      hold a rate by itself (wrk2 is not in Debian): each wrk thread's requests are due at
#      times spaced exponentially (mean threads / rate) on the monotonic clock (LuaJIT's FFI),
#      and the thread's next free connection sends the next one when it is due; rate 0 means
#      no pause. The achieved rate is reported. Per step: acknowledged/s, ack p50/p99 (wrk),
#      non-2xx, the backlog (pending rows) when the load ends and the seconds until it drains,
#      and received_at -> applied_at of the step's deliveries from webhook_events (p50/p99):
#      the applier's delay.
#   3. The ceiling, in the same run: the same body stored straight into the inbox from 8
#      threads (storebridge_bench_webhook_inbox, group commit included), as many deliveries as
#      the largest step acknowledged, with the hub stopped (--inbox: that program from another
#      build, e.g. when --build is an older commit's).
#   4. The machine's HTTP ceiling, in the same run: the same wrk, threads and connections,
#      unpaced, against the hub's GET /healthz (no body, no signature, no database): the most
#      requests this machine answers through the hub's HTTP stack, whatever they do.
# Per step and ceiling also the steal: the share of the machine's CPU time the hypervisor
# took meanwhile (/proc/stat), what a shared host's neighbours cost this run.
# Prints a markdown table and one JSON line per step. Usage:
#   bench/webhooks/run.sh [--build DIR] [--seconds N] [--rates "1000 2000 4000 0"]
#                         [--connections C] [--inbox PATH]
#   scripts/with-postgres sh -c 'STOREBRIDGE_BENCH_DATABASE=$STOREBRIDGE_TEST_POSTGRES_URL \
#       bench/webhooks/run.sh'
# Extra `serve` flags go in $STOREBRIDGE_BENCH_SERVE_ARGS. Needs wrk (apt-get install wrk).
set -euo pipefail

BUILD=build
SECONDS_PER_STEP=10
RATES="1000 2000 4000 0"
CONNS=64
INBOX=""
while [ $# -gt 0 ]; do
    case "$1" in
        --build) BUILD="$2"; shift 2 ;;
        --seconds) SECONDS_PER_STEP="$2"; shift 2 ;;
        --rates) RATES="$2"; shift 2 ;;
        --connections) CONNS="$2"; shift 2 ;;
        --inbox) INBOX="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
BIN="$BUILD/storebridge"
INBOX="${INBOX:-$BUILD/storebridge_bench_webhook_inbox}"
for b in "$BIN" "$INBOX"; do
    [ -x "$b" ] || { echo "missing $b (ninja -C $BUILD storebridge storebridge_bench_webhook_inbox)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
DB_ARGS=()
ENGINE=sqlite
if [ -n "${STOREBRIDGE_BENCH_DATABASE:-}" ]; then
    DB_ARGS=(--database "$STOREBRIDGE_BENCH_DATABASE")
    ENGINE=postgres
    command -v psql >/dev/null || { echo "psql is missing" >&2; exit 2; }
fi
FIXTURE="$(cd "$(dirname "$0")/../../.." && pwd)/shared/fixtures/shopify/rest/order.json"
[ -f "$FIXTURE" ] || { echo "missing $FIXTURE" >&2; exit 2; }

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"
now() { date +%s.%N; }
# The CPU time the hypervisor took from this virtual machine (steal) while a step ran, in
# percent of the machine's CPU time: a shared host's neighbours show up here, not in the load.
cpu_times() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
steal_pct() { echo "$1 $2" | awk '{ d = $4 - $2; printf "%.0f", (d > 0 ? 100 * ($3 - $1) / d : 0) }'; }

# --- the store and the hub
"$BIN" emulate shopify --listen 127.0.0.1:0 --orders 20 --seed 1 \
    --data-dir "$WORK/emulator" >"$WORK/emulator.json" 2>"$WORK/emulator.log" &
EPID=$!
wait_for_file "$WORK/emulator.json" emulator_listening 60
STORE="http://127.0.0.1:$(json "$WORK/emulator.json" 'd["port"]')"
ETOKEN=$(json "$WORK/emulator.json" 'd["access_token"]')
SHOP=$(json "$WORK/emulator.json" 'd["shop_domain"]')

SCOPES="organizations:read organizations:write integrations:read integrations:write providers:write account:read"
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
AUTH="Authorization: Bearer $(json "$WORK/token.json" 'd["access_token"]')"
CT="Content-Type: application/json"
ACCOUNT=$(curl -sf -H "$AUTH" "$HUB/v1/account" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
APP_SECRET="bench-webhook-secret"
curl -sf -X PUT -H "$AUTH" -H "$CT" "$HUB/api/v6/providers/shopify/credentials" \
    -d "{\"credentials\":{\"client_id\":\"bench\",\"client_secret\":\"$APP_SECRET\"}}" >/dev/null
curl -sf -H "$AUTH" -H "$CT" -d '{"name":"Bench"}' "$HUB/v1/organizations" >"$WORK/org.json"
ORG=$(json "$WORK/org.json" 'd["id"]')
curl -sf -H "$AUTH" -H "$CT" "$HUB/v1/organizations/$ORG/integrations" >"$WORK/integration.json" \
    -d "{\"name\":\"Bench\",\"connector_id\":\"shopify\",\"credentials\":{\"shop_domain\":\"$SHOP\",\"access_token\":\"$ETOKEN\"}}"
INTEGRATION=$(json "$WORK/integration.json" 'd["id"]')

if [ "$ENGINE" = postgres ]; then DB_URL="$STOREBRIDGE_BENCH_DATABASE"; else DB_URL="sqlite:$WORK/hub/storebridge.db"; fi
sql() {  # sql QUERY: rows, columns separated by tabs
    if [ "$ENGINE" = postgres ]; then
        psql "$STOREBRIDGE_BENCH_DATABASE" -AtF $'\t' -v ON_ERROR_STOP=1 -c "$1"
    else
        python3 - "$WORK/hub/storebridge.db" "$1" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for r in c.execute(sys.argv[2]):
    print("\t".join("" if v is None else str(v) for v in r))
PY
    fi
}
PENDING="SELECT count(*) FROM webhook_events WHERE status IN ('pending', 'applying')"
pending() { sql "$PENDING"; }
drain() {  # drain END: "backlog seconds", the pending rows now and how long after END they reach 0
    if [ "$ENGINE" = postgres ]; then
        local backlog n
        backlog=$(pending)
        n=$backlog
        while [ "$n" != 0 ]; do
            python3 -c "import sys,time; sys.exit(time.time() - $1 > 300)" ||
                { echo "the backlog did not drain within 300 s" >&2; exit 1; }
            sleep 0.02
            n=$(pending)
        done
        echo "$backlog $(python3 -c "import time; print(round(time.time() - $1, 2) if $backlog else 0)")"
    else
        python3 - "$WORK/hub/storebridge.db" "$PENDING" "$1" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=30)
backlog = n = c.execute(sys.argv[2]).fetchone()[0]
while n:
    if time.time() - float(sys.argv[3]) > 300:
        sys.exit("the backlog did not drain within 300 s")
    time.sleep(0.02)
    n = c.execute(sys.argv[2]).fetchone()[0]
print(backlog, round(time.time() - float(sys.argv[3]), 2) if backlog else 0)
PY
    fi
}

# One signed delivery by hand first: the setup verifies and applies.
python3 - "$FIXTURE" "$APP_SECRET" "$WORK/one" <<'PY'
import base64, hashlib, hmac, json, sys
order = json.load(open(sys.argv[1]))["order"]
body = json.dumps(order, separators=(",", ":"))
open(sys.argv[3] + ".body", "w").write(body)
open(sys.argv[3] + ".hmac", "w").write(
    base64.b64encode(hmac.new(sys.argv[2].encode(), body.encode(), hashlib.sha256).digest()).decode())
PY
curl -sf -H "$CT" -H "X-Shopify-Topic: orders/updated" -H "X-Shopify-Shop-Domain: $SHOP" \
    -H "X-Shopify-Webhook-Id: bench-first" -H "X-Shopify-Hmac-Sha256: $(cat "$WORK/one.hmac")" \
    --data-binary "@$WORK/one.body" "$HUB/webhooks/shopify" >/dev/null
for _ in $(seq 1 100); do [ "$(pending)" = 0 ] && break; sleep 0.1; done
[ "$(sql "SELECT status FROM webhook_events WHERE delivery_id = 'bench-first'")" = applied ] ||
    { echo "the first delivery was not applied" >&2; sql "SELECT status, last_error FROM webhook_events" >&2; exit 1; }

# --- the steps
cat >"$WORK/deliver.lua" <<'LUA'
-- Signed orders/updated deliveries: each thread sends its share of the precomputed lines
-- (HMAC, a tab, the body), each request with a delivery id of its own. `gap` (the mean time
-- between a thread's requests, ms; 0 for none) is set above this script.
local threads = {}
local n = 0
function setup(thread)
  thread:set("tid", n)
  n = n + 1
  table.insert(threads, thread)
end
-- A request: its line's HMAC and body, delivery id `step-thread-k` for the thread's k-th.
local function build(line, k)
  local tab = string.find(line, "\t", 1, true)
  wrk.headers["X-Shopify-Webhook-Id"] = step .. "-" .. tid .. "-" .. k
  wrk.headers["X-Shopify-Hmac-Sha256"] = string.sub(line, 1, tab - 1)
  return wrk.format(nil, "/webhooks/shopify", nil, string.sub(line, tab + 1))
end
function init(args)
  step, file, nthreads = args[1], args[2], tonumber(args[3])
  lines = {}
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == tid then table.insert(lines, line) end
    i = i + 1
  end
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Shopify-Topic"] = "orders/updated"
  wrk.headers["X-Shopify-Shop-Domain"] = args[4]
  math.randomseed(7 + tid)
  -- Each line's request is built before the run: wrk shares the hub's two cores, and a
  -- request built during the run (parsing the line, copying the body twice) is CPU the hub
  -- does not get. Past the lines, requests are built as they go (the lines again, new ids).
  reqs = {}
  for k, line in ipairs(lines) do reqs[k] = build(line, k) end
end
function request()
  sent = sent + 1
  if sent <= #reqs then return reqs[sent] end
  return build(lines[((sent - 1) % #lines) + 1], sent)
end
if gap > 0 then
  -- The thread's requests are due at times spaced exponentially (mean `gap` ms); a connection
  -- that is free waits for the next due time. A due time already past moves to now: a hub
  -- that falls behind gets what it can take, not a burst to catch up. (A pause per connection
  -- instead offered connections / (pause + latency), well below the rate.)
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec* ts);
  ]]
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local due = nil
  delay = function()
    local now = now_ms()
    if due == nil or due < now then due = now end
    local wait = due - now
    due = due + -math.log(1 - math.random()) * gap
    return math.floor(wait)
  end
end
LUA
WRK_THREADS=2
JSONS=()
MAX_ACKED=0
STEP=0
T0=$(date +%s)
for RATE in $RATES; do
    STEP=$((STEP + 1))
    NAME="s$STEP"
    if [ "$RATE" -gt 0 ]; then
        LINES=$((RATE * SECONDS_PER_STEP * 12 / 10))
        GAP=$(python3 -c "print($WRK_THREADS / $RATE * 1000)")
    else
        LINES=$((8000 * SECONDS_PER_STEP))
        GAP=0
    fi
    [ "$LINES" -le 80000 ] || LINES=80000
    # Every step's updated_at values are later than the previous step's.
    python3 - "$FIXTURE" "$APP_SECRET" "$WORK/$NAME.lines" "$LINES" "$((T0 - 10000000 + STEP * 1000000))" <<'PY'
import base64, hashlib, hmac, json, sys, time
order = json.load(open(sys.argv[1]))["order"]
secret, out, n, base = sys.argv[2].encode(), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
first_id = order["id"]
with open(out, "w") as f:
    for k in range(n):
        order["id"] = first_id + k % 1000
        order["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + k))
        body = json.dumps(order, separators=(",", ":"))
        mac = base64.b64encode(hmac.new(secret, body.encode(), hashlib.sha256).digest()).decode()
        f.write(mac + "\t" + body + "\n")
PY
    { echo "gap = $GAP"; cat "$WORK/deliver.lua"; } >"$WORK/$NAME.lua"
    CPU0=$(cpu_times)
    timeout $((SECONDS_PER_STEP + 60)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECONDS_PER_STEP}s" --timeout 10s --latency \
        -s "$WORK/$NAME.lua" "$HUB" -- "$NAME" "$WORK/$NAME.lines" "$WRK_THREADS" "$SHOP" >"$WORK/$NAME.wrk" 2>&1
    STEAL=$(steal_pct "$CPU0" "$(cpu_times)")
    read -r BACKLOG DRAIN_S < <(drain "$(now)")
    sql "SELECT status, received_at, applied_at FROM webhook_events WHERE delivery_id LIKE '$NAME-%'" >"$WORK/$NAME.rows"
    ROW=$(python3 - "$WORK/$NAME.wrk" "$WORK/$NAME.rows" "$ENGINE" "$RATE" "$CONNS" "$BACKLOG" "$DRAIN_S" "$SECONDS_PER_STEP" "$STEAL" <<'PY'
import collections, json, re, sys
wrk, rows, engine, rate, conns, backlog, drain, secs, steal = sys.argv[1:10]
t = open(wrk).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    if not m:
        sys.exit("no %s in wrk's output:\n%s" % (label, t))
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
total = int(re.search(r"(\d+) requests in", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
non2xx = int(non2xx.group(1)) if non2xx else 0
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
socket_errors = sum(int(x) for x in errors.groups()) if errors else 0
statuses = collections.Counter()
delays = []
for line in open(rows):
    status, received, applied = line.rstrip("\n").split("\t")
    statuses[status] += 1
    if applied:
        delays.append(int(applied) - int(received))
delays.sort()
def pct(p):
    return delays[int(p * (len(delays) - 1))] if delays else None
acked = total - non2xx
row = {"engine": engine, "rate": int(rate), "connections": int(conns),
       "acked": acked, "acked_per_s": round(acked / float(secs)), "non2xx": non2xx,
       "socket_errors": socket_errors, "ack_p50_ms": round(ms("50%"), 2),
       "ack_p99_ms": round(ms("99%"), 2), "stored": sum(statuses.values()),
       "statuses": dict(statuses), "readable_p50_ms": pct(0.5), "readable_p99_ms": pct(0.99),
       "backlog_at_end": int(backlog), "drain_s": float(drain), "steal_pct": int(steal)}
print(json.dumps(row))
PY
)
    echo "$ROW" >&2
    JSONS+=("$ROW")
    A=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['acked'])" "$ROW")
    [ "$A" -le "$MAX_ACKED" ] || MAX_ACKED=$A
done

# --- the machine's HTTP ceiling: GET /healthz, same wrk and connections, unpaced
CPU0=$(cpu_times)
timeout $((SECONDS_PER_STEP + 60)) wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECONDS_PER_STEP}s" --timeout 10s \
    --latency "$HUB/healthz" >"$WORK/healthz.wrk" 2>&1
STEAL=$(steal_pct "$CPU0" "$(cpu_times)")
HTTP_CEILING=$(python3 - "$WORK/healthz.wrk" "$SECONDS_PER_STEP" "$STEAL" <<'PY'
import json, re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
total = int(re.search(r"(\d+) requests in", t).group(1))
print(json.dumps({"healthz_per_s": round(total / float(sys.argv[2])), "p50_ms": round(ms("50%"), 2),
                  "p99_ms": round(ms("99%"), 2), "steal_pct": int(sys.argv[3])}))
PY
)
echo "http ceiling: $HTTP_CEILING" >&2

# --- the ceiling: the same deliveries straight into the inbox, the hub stopped
stop "$HPID"
HPID=""
CPU0=$(cpu_times)
"$INBOX" "$DB_URL" "$ACCOUNT" "$INTEGRATION" "$WORK/one.body" "$MAX_ACKED" 8 >"$WORK/ceiling.json"
CEILING=$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); d["steal_pct"] = int(sys.argv[2]); print(json.dumps(d))' \
    "$WORK/ceiling.json" "$(steal_pct "$CPU0" "$(cpu_times)")")

python3 - "$CEILING" "$HTTP_CEILING" "${JSONS[@]}" <<'PY'
import json, sys
ceiling = json.loads(sys.argv[1])
http_ceiling = json.loads(sys.argv[2])
print("| engine | offered/s | conns | acked/s | ack p50 | ack p99 | non-2xx | readable p50 | readable p99 | backlog at end | drained after | steal | ceiling/s (8 threads) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
rows = [json.loads(s) for s in sys.argv[3:]]
for r in rows:
    print("| %s | %s | %d | %s | %.1f ms | %.1f ms | %d | %s ms | %s ms | %s | %.2f s | %d %% | %s |" % (
        r["engine"], f"{r['rate']:,}" if r["rate"] else "unpaced", r["connections"],
        f"{r['acked_per_s']:,}", r["ack_p50_ms"], r["ack_p99_ms"], r["non2xx"] + r["socket_errors"],
        r["readable_p50_ms"], r["readable_p99_ms"], f"{r['backlog_at_end']:,}", r["drain_s"],
        r["steal_pct"], f"{ceiling['per_s']:,.0f}"))
print(f"\nthe inbox's ceiling: {ceiling['per_s']:,.0f}/s, steal {ceiling['steal_pct']} %")
print(f"\nthe machine's HTTP ceiling (GET /healthz, same wrk): {http_ceiling['healthz_per_s']:,}/s, "
      f"p50 {http_ceiling['p50_ms']} ms, p99 {http_ceiling['p99_ms']} ms, steal {http_ceiling['steal_pct']} %")
for r in rows:
    print(json.dumps(r))
print(json.dumps({"ceiling": ceiling, "http_ceiling": http_ceiling}))
PY
