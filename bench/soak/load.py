"""The soak's load and its RSS table (python3, standard library only).

Runs for MINUTES: API reads and writes on two connections, signed Shopify webhooks, and an
incremental order sync each minute. Samples the hub's VmRSS every minute and prints one table
row each time, then a verdict: RSS is flat when it grew less than the ceiling over the last
ten minutes (the last half of a shorter run). A run whose answers include a 5xx fails too.

    load.py HUB_PORT TOKEN ORG INTEGRATION SHOP SECRET ORDERS_JSON HUB_PID MINUTES CEILING_MB
"""
import base64
import hashlib
import hmac
import http.client
import json
import random
import sys
import threading
import time

(port, token, org, integration, shop, secret, orders_file, pid, minutes,
 ceiling_mb) = sys.argv[1:11]
port, minutes, ceiling_mb = int(port), float(minutes), float(ceiling_mb)
orders = json.load(open(orders_file))["orders"]
INTEGRATION = "/v1/organizations/%s/integrations/%s" % (org, integration)
AUTH = {"Authorization": "Bearer " + token}
stop = threading.Event()
lock = threading.Lock()
counts = {"requests": 0, "5xx": 0, "errors": 0}
statuses = {}


def rss_mb():
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit("the hub is gone")


class Client:
    """One keep-alive connection; opened again after an error or a close."""

    def __init__(self, kind):
        self.kind = kind
        self.conn = None

    def send(self, method, path, body=None, headers=None):
        status = 0
        # A kept connection the hub closed while idle fails at once: sent again on a new one.
        for _ in range(2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                r.read()
                status = r.status
                if (r.getheader("Connection") or "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                break
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if not reused:
                    break
        with lock:
            counts["requests"] += 1
            key = (self.kind, status)
            statuses[key] = statuses.get(key, 0) + 1
            if status >= 500:
                counts["5xx"] += 1
            elif status == 0:
                counts["errors"] += 1
        return status


def api_load(seed):
    """Reads of every kind of list (any limit and order, as clients send them), single
    resources, unknown paths and methods, metrics; one request in ten a write."""
    rng = random.Random(seed)
    c = Client("api")
    lists = ["/v1/organizations", INTEGRATION.rsplit("/", 1)[0], INTEGRATION + "/jobs",
             INTEGRATION + "/webhooks", "/api/v6/users/%s/commerce-orders" % org,
             "/api/v6/users/%s/data-connections" % org]
    while not stop.is_set():
        k = rng.random()
        if k < 0.55:
            path = rng.choice(lists) + "?limit=%d" % rng.randint(1, 200)
            if path.startswith("/v1/organizations?"):
                path += "&order_by=%s:%s" % (rng.choice(["created_at", "updated_at", "name"]),
                                             rng.choice(["asc", "desc"]))
            c.send("GET", path, headers=AUTH)
        elif k < 0.65:
            c.send("GET", rng.choice([INTEGRATION, "/v1/account", "/v1/connectors", "/healthz",
                                      "/metrics"]), headers=AUTH)
        elif k < 0.75:
            c.send(rng.choice(["GET", "DELETE", "PROPFIND", "X%d" % rng.randint(0, 10**6)]),
                   "/v1/nowhere/%d?x=%d" % (rng.randint(0, 10**9), rng.randint(0, 10**9)),
                   headers=AUTH)
        elif k < 0.85:
            h = dict(AUTH, **{"Content-Type": "application/json",
                              "Idempotency-Key": "soak-%d-%d" % (seed, rng.getrandbits(48))})
            body = json.dumps({"name": "Soak %d" % rng.randint(0, 10**6)})
            c.send("POST", "/v1/organizations", body, h)
        elif k < 0.95:
            c.send("GET", INTEGRATION + "/jobs?limit=1", headers=AUTH)
        else:
            c.send("POST", "/v1/organizations", "{not json", dict(AUTH, **{
                "Content-Type": "application/json"}))


def webhooks():
    """orders/updated deliveries of the store's real orders, signed with the app's secret,
    each a new delivery id and a newer updated_at; about 20 a second."""
    rng = random.Random(3)
    c = Client("webhook")
    n = 0
    while not stop.is_set():
        n += 1
        order = dict(rng.choice(orders))
        order["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        order["note"] = "soak %d" % n
        body = json.dumps(order).encode()
        sig = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
        c.send("POST", "/webhooks/shopify", body, {
            "Content-Type": "application/json", "X-Shopify-Topic": "orders/updated",
            "X-Shopify-Shop-Domain": shop, "X-Shopify-Webhook-Id": "soak-%d" % n,
            "X-Shopify-Hmac-Sha256": sig})
        stop.wait(0.05)


def syncs():
    """An incremental order sync once a minute."""
    c = Client("sync")
    while not stop.wait(60):
        c.send("POST", INTEGRATION + "/sync/orders", headers=AUTH)


threads = [threading.Thread(target=api_load, args=(s,), daemon=True) for s in (1, 2)]
threads += [threading.Thread(target=webhooks, daemon=True), threading.Thread(target=syncs, daemon=True)]
samples = [(0, rss_mb(), 0)]
print("| minute | hub RSS (MB) | requests so far |")
print("|---|---|---|")
print("| 0 | %.1f | 0 |" % samples[0][1], flush=True)
for t in threads:
    t.start()
start = time.monotonic()
for minute in range(1, int(minutes) + 1):
    time.sleep(max(0.0, start + 60 * minute - time.monotonic()))
    with lock:
        done = counts["requests"]
    samples.append((minute, rss_mb(), done))
    print("| %d | %.1f | %s |" % (minute, samples[-1][1], format(done, ",")), flush=True)
stop.set()
for t in threads:
    t.join(timeout=70)

window = min(10, max(1, len(samples) // 2))
growth = samples[-1][1] - samples[-1 - window][1]
flat = growth < ceiling_mb
print()
print("requests: %s; answers by kind and status: %s; 5xx: %d; no answer: %d" % (
    format(counts["requests"], ","),
    ", ".join("%s %s: %d" % (k, s or "none", n) for (k, s), n in sorted(statuses.items())),
    counts["5xx"], counts["errors"]))
print("RSS over the last %d minute(s): %.1f -> %.1f MB (%+.1f MB; ceiling %.1f MB): %s" % (
    window, samples[-1 - window][1], samples[-1][1], growth, ceiling_mb,
    "FLAT" if flat else "GROWING"))
print(json.dumps({"minutes": [s[0] for s in samples], "rss_mb": [round(s[1], 1) for s in samples],
                  "requests": [s[2] for s in samples], "5xx": counts["5xx"],
                  "no_answer": counts["errors"], "window_growth_mb": round(growth, 1),
                  "flat": flat}))
sys.exit(0 if flat and counts["5xx"] == 0 else 1)
