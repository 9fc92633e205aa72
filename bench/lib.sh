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
