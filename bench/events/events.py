#!/usr/bin/env python3
"""Helpers of bench/events/run.sh (webhooks out, measured). Subcommands:

  receiver LOG                 a webhook receiver on 127.0.0.1 (first stdout line: {"port": P});
                               every request is one JSON line in LOG (arrival time, webhook-id,
                               type, seq, data.type/data.id, the edit's note, signature check,
                               the status answered). POST /_control {"secret", "failing"} sets
                               the endpoint secret, turns the 503 outage on or off, and makes
                               each answer wait `delay_ms` after it is logged; GET /_stats.
  ceiling URL SECRET N THREADS SAMPLE
                               N signed bodies (SAMPLE's) POSTed to the same receiver by THREADS
                               keep-alive connections: the receiver's own ceiling
  edits STORE IDS K SECONDS TAG OUT
                               K order edits (PUT /_emulator/orders/{id} {"note": "TAG-i"}) over
                               SECONDS (0: back to back), cycling over IDS; one line per edit in OUT
  wait-notes LOG EDITS TIMEOUT every edit's note has arrived (answered 200) or exit 1
  analyze ARGS.json            the figures of one engine: a markdown row and a JSON line

The signature check follows the Standard Webhooks spec (HMAC-SHA256 over "id.timestamp.body"
with the base64 key after "whsec_"), independently of the hub's code.
"""
import base64
import hashlib
import hmac
import http.client
import json
import math
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def parse_ms(text):
    """RFC 3339 with milliseconds (the hub's format_time) -> epoch seconds."""
    dt = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return dt.timestamp()


def sign(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret[len("whsec_"):])
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def verify(secret, msg_id, timestamp, header, body):
    if not secret or not secret.startswith("whsec_") or not msg_id or not timestamp:
        return False
    try:
        if abs(time.time() - int(timestamp)) > 300:
            return False
        expected = sign(secret, msg_id, timestamp, body)
    except (ValueError, TypeError):
        return False
    for part in (header or "").split(" "):
        version, _, sig = part.partition(",")
        if version == "v1" and hmac.compare_digest(sig, expected):
            return True
    return False


# --- receiver


def receiver(log_path):
    state = {"secret": "", "failing": False, "delay_ms": 0, "requests": 0, "ok": 0, "refused": 0,
             "bad_sig": 0}
    lock = threading.Lock()
    log = open(log_path, "a", buffering=1)
    sample_path = log_path + ".sample"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b""):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with lock:
                body = json.dumps(state | {"secret": bool(state["secret"])}).encode()
            self.reply(200, body)

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n)
            t = time.time()
            if self.path == "/_control":
                with lock:
                    state.update({k: v for k, v in json.loads(raw).items() if k in ("secret", "failing", "delay_ms")})
                self.reply(200, b"{}")
                return
            msg_id = self.headers.get("webhook-id", "")
            ok_sig = verify(state["secret"], msg_id, self.headers.get("webhook-timestamp", ""),
                            self.headers.get("webhook-signature", ""), raw)
            line = {"t": t, "path": self.path, "id": msg_id, "sig": ok_sig}
            try:
                body = json.loads(raw)
                data = body.get("data") or {}
                line.update({"type": body.get("type"), "seq": body.get("seq"),
                             "ts": parse_ms(body["timestamp"]) if body.get("timestamp") else None,
                             "body_id_ok": body.get("id") == msg_id})
                if str(body.get("type", "")).startswith("record."):
                    line.update({"dt": data.get("type"), "did": data.get("id"),
                                 "note": (data.get("data") or {}).get("note")})
            except (ValueError, KeyError, AttributeError):
                line["parse_error"] = True
            with lock:
                failing, delay = state["failing"], state["delay_ms"]
                state["requests"] += 1
                state["refused" if failing else "ok"] += 1
                state["bad_sig"] += 0 if ok_sig else 1
                line["st"] = 503 if failing else 200
                log.write(json.dumps(line) + "\n")
                if self.path == "/hook" and line.get("type") == "record.created" and not failing:
                    try:
                        with open(sample_path, "xb") as f:  # the first one: the ceiling's body
                            f.write(raw)
                    except FileExistsError:
                        pass
            if delay:
                time.sleep(delay / 1000)  # a slow receiver: deliveries are in flight longer
            self.reply(503 if failing else 200, b"" if not failing else b'{"down":true}')

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()


# --- the ceiling: a trivial sender


def ceiling(url, secret, n, threads, sample):
    body = open(sample, "rb").read()
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    per = [n // threads + (1 if i < n % threads else 0) for i in range(threads)]
    errors = []

    def run(k, count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(count):
            msg_id = f"ceil_{k}_{i}"
            ts = str(int(time.time()))
            conn.request("POST", "/ceiling", body, {
                "Content-Type": "application/json", "webhook-id": msg_id, "webhook-timestamp": ts,
                "webhook-signature": "v1," + sign(secret, msg_id, ts, body)})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                errors.append(r.status)
        conn.close()

    start = time.time()
    ts = [threading.Thread(target=run, args=(k, c)) for k, c in enumerate(per)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    seconds = time.time() - start
    print(json.dumps({"bodies": n, "threads": threads, "bytes": len(body), "seconds": round(seconds, 3),
                      "per_s": round(n / seconds, 1), "errors": len(errors)}))


# --- edits in the store


def edits(store, ids_path, k, seconds, tag, out_path):
    ids = [line.strip() for line in open(ids_path) if line.strip()]
    port = int(store.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.time()
    with open(out_path, "w", buffering=1) as out:
        for i in range(k):
            due = start + (seconds * i / k if k else 0)
            if due > time.time():
                time.sleep(due - time.time())
            oid = ids[i % len(ids)]
            note = f"{tag}-{i}"
            t = time.time()
            conn.request("PUT", f"/_emulator/orders/{oid}", json.dumps({"note": note}),
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            out.write(json.dumps({"note": note, "id": oid, "t": t, "status": r.status}) + "\n")
            if r.status != 200:
                sys.exit(f"edit {note} of {oid}: HTTP {r.status}")


def read_log(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.endswith("\n"):
                out.append(json.loads(line))
    return out


def wait_notes(log_path, edits_path, timeout):
    want = {json.loads(line)["note"] for line in open(edits_path)}
    deadline = time.time() + timeout
    while True:
        got = {r.get("note") for r in read_log(log_path)
               if r.get("st") == 200 and r.get("type") == "record.updated"}
        missing = want - got
        if not missing:
            return
        if time.time() > deadline:
            sys.exit(f"{len(missing)} of {len(want)} edits never arrived within {timeout} s, "
                     f"e.g. {sorted(missing)[:5]}")
        time.sleep(0.5)


# --- analysis


def pct(values, p):
    if not values:
        return None
    v = sorted(values)  # nearest rank
    return v[min(len(v) - 1, max(0, math.ceil(p / 100 * len(v)) - 1))]


def ms(x):
    return None if x is None else round(x * 1000)


def deliveries(hub, token, endpoint):
    """The hub's delivery log of the endpoint, every page: {event_id: status}."""
    out = {}
    path = f"/v1/webhook-endpoints/{endpoint}/deliveries?limit=200"
    while path:
        req = urllib.request.Request(hub + path, headers={"Authorization": "Bearer " + token})
        page = json.load(urllib.request.urlopen(req, timeout=60))
        for d in page["_embedded"]["items"]:
            prev = out.get(d["event_id"])
            if prev != "delivered":
                out[d["event_id"]] = d["status"]
        nxt = page.get("_links", {}).get("next")
        path = nxt["href"][nxt["href"].index("/v1/"):] if nxt else None
    return out


def analyze(args_path):
    a = json.load(open(args_path))
    log = read_log(a["log"])
    hook = [r for r in log if r["path"] == "/hook"]
    ok = [r for r in hook if r["st"] == 200]
    first = {}  # webhook-id -> its first 200 arrival
    for r in ok:
        first.setdefault(r["id"], r)
    dup = len(ok) - len(first)

    # Order per record: the first arrival of each event, in arrival order.
    last_seq, order_broken = {}, []
    for r in sorted(first.values(), key=lambda r: r["t"]):
        if not str(r.get("type", "")).startswith("record."):
            continue
        subject = f'{r.get("dt")}:{r.get("did")}'
        if r["seq"] <= last_seq.get(subject, 0):
            order_broken.append((subject, last_seq[subject], r["seq"]))
        last_seq[subject] = max(r["seq"], last_seq.get(subject, 0))

    created = [r for r in first.values() if r.get("type") == "record.created"]
    t_created = sorted(r["t"] for r in created)
    span = (t_created[-1] - t_created[0]) if len(t_created) > 1 else None
    lag_created = [r["t"] - r["ts"] for r in created]
    # The hub's writes: each record.created's timestamp is its outbox insert, in the record's
    # transaction, so first to last timestamp is the span of the sync's writes.
    ts_created = sorted(r["ts"] for r in created)
    write_span = (ts_created[-1] - ts_created[0]) if len(ts_created) > 1 else None

    def phase(tag_file):
        edits_ = [json.loads(line) for line in open(tag_file)]
        by_note = {}
        for r in sorted(first.values(), key=lambda r: r["t"]):
            if r.get("type") == "record.updated" and r.get("note") is not None:
                by_note.setdefault(r["note"], r)
        got = [(e, by_note.get(e["note"])) for e in edits_]
        missing = [e["note"] for e, r in got if r is None]
        lat = [r["t"] - e["t"] for e, r in got if r]
        lag = [r["t"] - r["ts"] for e, r in got if r]
        notes = {e["note"] for e in edits_}
        phase_ids = {r["id"] for r in ok if r.get("note") in notes}
        phase_ok = [r for r in ok if r["id"] in phase_ids]
        return {"edits": len(edits_), "missing": len(missing), "missing_notes": missing[:10],
                "edit_to_arrival_p50_ms": ms(pct(lat, 50)), "edit_to_arrival_p99_ms": ms(pct(lat, 99)),
                "edit_to_arrival_max_ms": ms(max(lat) if lat else None),
                "commit_to_delivery_p50_ms": ms(pct(lag, 50)),
                "commit_to_delivery_p99_ms": ms(pct(lag, 99)),
                "duplicates": len(phase_ok) - len(phase_ids),
                "last_arrival": max((r["t"] for e, r in got if r), default=None)}

    steady = phase(a["edits_steady"])
    outage = phase(a["edits_outage"])
    kill = phase(a["edits_kill"])
    outage["refused_503"] = sum(1 for r in hook if r["st"] == 503)
    outage["recovery_s"] = round(outage.pop("last_arrival") - a["outage_end"], 1) if outage["last_arrival"] else None
    kill["recovery_s"] = round(kill.pop("last_arrival") - a["restart_at"], 1) if kill["last_arrival"] else None
    steady.pop("last_arrival")

    log_ = deliveries(a["hub"], a["token"], a["endpoint"])
    received = set(first)
    never = [e for e in log_ if e not in received]
    unknown = [e for e in received if e not in log_]
    statuses = {}
    for s in log_.values():
        statuses[s] = statuses.get(s, 0) + 1

    ceil = json.load(open(a["ceiling"]))
    job = a["job"]
    sync_s = parse_ms(job["finished_at"]) - parse_ms(job["started_at"])
    sync_rate = job["progress"]["records_written"] / sync_s
    rate = len(created) / span if span else None
    writes = len(created) / write_span if write_span else None
    row = {
        "engine": a["engine"], "orders": a["orders"], "date": a["date"],
        "records_written": job["progress"]["records_written"], "sync_s": round(sync_s, 2),
        "sync_records_per_s": round(sync_rate),
        "first_to_last_write_s": round(write_span, 2) if write_span else None,
        "writes_per_s": round(writes) if writes else None,
        "record_created_events": len(created), "first_to_last_created_s": round(span, 2) if span else None,
        "events_per_s": round(rate) if rate else None,
        "last_created_after_sync_end_s": round(t_created[-1] - parse_ms(job["finished_at"]), 2) if t_created else None,
        "ceiling_per_s": ceil["per_s"], "ceiling_threads": ceil["threads"], "body_bytes": ceil["bytes"],
        "vs_ceiling": round(rate / ceil["per_s"], 2) if rate else None,
        "vs_writes": round(rate / writes, 2) if rate and writes else None,
        "commit_to_delivery_initial_p50_ms": ms(pct(lag_created, 50)),
        "commit_to_delivery_initial_p99_ms": ms(pct(lag_created, 99)),
        "commit_to_delivery_initial_max_ms": ms(max(lag_created) if lag_created else None),
        "webhook_driven": steady, "outage": outage | {"seconds": a["outage_seconds"], "retry_scale": a["retry_scale"]},
        "kill9": kill,
        "sync_succeeded_events": sum(1 for r in first.values() if r.get("type") == "sync.succeeded"),
        "delivery_log": statuses, "delivery_log_events": len(log_),
        "never_received": len(never), "never_received_ids": never[:10], "received_not_in_log": len(unknown),
        "duplicates": dup, "order_broken": len(order_broken), "order_broken_examples": order_broken[:5],
        "bad_signatures": sum(1 for r in hook if not r["sig"]),
        "body_id_mismatch": sum(1 for r in hook if r.get("body_id_ok") is False),
        "requests": len(hook),
    }
    w, o, k = steady, row["outage"], kill
    print(f'| {a["engine"]} | {a["orders"]:,} | {row["events_per_s"]:,} ({row["record_created_events"]:,} in '
          f'{row["first_to_last_created_s"]} s) | {row["writes_per_s"]:,} ({row["vs_writes"]}) '
          f'| {row["ceiling_per_s"]:,.0f} ({row["vs_ceiling"]}) '
          f'| {row["commit_to_delivery_initial_p50_ms"]:,} / {row["commit_to_delivery_initial_p99_ms"]:,} ms '
          f'| {w["commit_to_delivery_p50_ms"]} / {w["commit_to_delivery_p99_ms"]} ms '
          f'| {w["edit_to_arrival_p50_ms"]} / {w["edit_to_arrival_p99_ms"]} ms '
          f'| {o["missing"]} of {o["edits"]} ({o["refused_503"]:,} refused, back in {o["recovery_s"]} s) '
          f'| {k["missing"]} of {k["edits"]} ({k["duplicates"]} dup., back in {k["recovery_s"]} s) '
          f'| {row["never_received"]} / {row["duplicates"]} / {row["order_broken"]} |')
    print(json.dumps(row))
    bad = (row["never_received"] or row["order_broken"] or row["bad_signatures"] or o["missing"]
           or k["missing"] or row["delivery_log"].get("pending") or row["delivery_log"].get("failed"))
    return 1 if bad else 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "receiver":
        receiver(args[0])
    elif cmd == "ceiling":
        ceiling(args[0], args[1], int(args[2]), int(args[3]), args[4])
    elif cmd == "edits":
        edits(args[0], args[1], int(args[2]), float(args[3]), args[4], args[5])
    elif cmd == "wait-notes":
        wait_notes(args[0], args[1], float(args[2]))
    elif cmd == "analyze":
        sys.exit(analyze(args[0]))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
