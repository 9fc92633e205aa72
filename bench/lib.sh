# Shell helpers the benchmark scripts share; `source` it after `set -euo pipefail`.
# The sourcing script sets EPID and HPID (the emulator's and the hub's PIDs) and WORK (a temp
# dir); cleanup runs on exit and removes WORK.

WORK="$(mktemp -d)"
EPID=""
HPID=""

stop() {  # stop PID: SIGTERM, then SIGKILL after 20 s
    local pid="$1"
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$HPID"
    stop "$EPID"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

curl() { command curl --max-time 600 "$@"; }  # no call without a deadline
json() {  # json FILE EXPR: a value from a JSON file, EXPR in Python over `d`
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
wait_for_file() {  # wait_for_file FILE PATTERN SECONDS
    for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "timed out waiting for $2 in $1" >&2
    cat "$1" >&2 || true
    exit 1
}

# start_hub W SCOPES [serve flags…]: an account and an API client with SCOPES in W/hub, then
# `$BIN serve` there on a free port (stderr in W/hub.log), and a token; sets HPID, HPORT, HUB
# and AUTH (the bearer header). The caller sets BIN.
start_hub() {
    local w="$1" scopes="$2"
    shift 2
    "$BIN" admin create-account bench --data-dir "$w/hub" >/dev/null 2>&1
    "$BIN" admin create-client --account bench --scopes "$scopes" --data-dir "$w/hub" \
        >"$w/client.json" 2>/dev/null
    "$BIN" serve --listen 127.0.0.1:0 --data-dir "$w/hub" --access-log false "$@" 2>"$w/hub.log" &
    HPID=$!
    wait_for_file "$w/hub.log" '"listening"' 60
    HPORT=$(grep '"listening"' "$w/hub.log" | sed -E 's/.*"port":([0-9]+).*/\1/')
    HUB="http://127.0.0.1:$HPORT"
    curl -sf -u "$(json "$w/client.json" 'd["client_id"]'):$(json "$w/client.json" 'd["client_secret"]')" \
        -d grant_type=client_credentials "$HUB/oauth/token" >"$w/token.json"
    AUTH="Authorization: Bearer $(json "$w/token.json" 'd["access_token"]')"
}

# wait_for_job URL FILE SECONDS: polls the job at URL (with AUTH) into FILE until it is neither
# queued nor running; sets STATUS; exits 1 past SECONDS.
wait_for_job() {
    local deadline=$(($(date +%s) + $3))
    STATUS=queued
    while [ "$STATUS" = queued ] || [ "$STATUS" = running ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "the job did not finish within $3 s" >&2; exit 1; }
        sleep 0.2
        curl -sf -H "$AUTH" "$1" >"$2"
        STATUS=$(json "$2" 'd["status"]')
    done
}
