#!/usr/bin/env python3
"""bench/push helpers (stdlib only). Subcommands:

  export HUB TOKEN ORG FILE        the org's orders and customers from the change feed as
                                   push JSONL
  bearer HUB TOKEN ORG INT FILE    POST FILE's records to …/integrations/INT/records, 1,000 a
                                   batch; prints {"records", "batches", "seconds", ...}
  signed HUB INT SECRET FILE       one batch of FILE signed in Python (the doc's example)
  verify HUB TOKEN N SAMPLE SHOP_ORG:SHOP_INT ORG:INT [ORG:INT ...]
                                   each ORG serves N orders through commerce-orders and the
                                   change feed; SAMPLE orders read back identically to the
                                   Shopify store's through commerce-orders/{id}, the feed and
                                   /erc/ecommerce
"""
import base64
import hashlib
import hmac
import http.client
import json
import random
import sys
import time
import urllib.parse

ENVELOPE = ("data_connection_id", "synced_at")


class Hub:
    def __init__(self, url, token=None):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            h["Content-Type"] = "application/json"
        self.conn.request(method, path, body=body, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, data

    def get(self, path):
        status, data = self.call("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {data[:300]!r}")
        return json.loads(data)


def path_of(href):
    return href[href.index("/", href.index("//") + 2):]


def feed(hub, org):
    """Every change of the org, oldest first."""
    after = 0
    while True:
        page = hub.get(f"/v1/organizations/{org}/changes?after={after}&limit=1000")
        yield from page["_embedded"]["items"]
        if "next" not in page["_links"]:
            return
        after = page["next_after"]


def bare(record):
    return {k: v for k, v in record.items() if k not in ENVELOPE}


def export(hub_url, token, org, out):
    hub = Hub(hub_url, token)
    counts = {"orders": 0, "customers": 0, "records": 0}
    with open(out, "w") as f:
        for c in feed(hub, org):
            kind = {"COMMERCE_ORDER": "orders", "COMMERCE_CUSTOMER": "customers"}.get(c["type"])
            if not kind or c["operation"] == "deleted":
                continue
            line = {"type": c["type"], "external_id": c["id"],
                    "updated_at": c["updated_at"], "data": bare(c["data"])}
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
            counts[kind] += 1
            counts["records"] += 1
    print(json.dumps(counts))


def bearer(hub_url, token, org, integration, path):
    hub = Hub(hub_url, token)
    target = f"/v1/organizations/{org}/integrations/{integration}/records"
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    start = time.monotonic()
    batches = written = 0
    for i in range(0, len(lines), 1000):
        body = '{"records":[' + ",".join(lines[i:i + 1000]) + "]}"
        status, data = hub.call("POST", target, body.encode(),
                                {"Idempotency-Key": f"bench-{integration}-{i}"})
        if status != 200:
            raise SystemExit(f"batch {i // 1000}: {status} {data[:300]!r}")
        written += json.loads(data)["written"]
        batches += 1
    s = time.monotonic() - start
    print(json.dumps({"records": len(lines), "batches": batches, "written": written,
                      "seconds": s, "records_per_second": len(lines) / s}))


def sign(secret, msg_id, timestamp, body):
    """Standard Webhooks v1: base64 HMAC-SHA256 of "id.timestamp.body", keyed by the
    base64-decoded secret after "whsec_"."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def signed(hub_url, integration, secret, path):
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip()]
    body = ('{"records":[' + ",".join(lines[:1000]) + "]}").encode()
    msg_id = "py-" + hashlib.sha256(body).hexdigest()[:32]
    ts = str(int(time.time()))
    status, data = Hub(hub_url).call("POST", f"/webhooks/custom/{integration}", body, {
        "webhook-id": msg_id, "webhook-timestamp": ts,
        "webhook-signature": sign(secret, msg_id, ts, body)})
    print(status, data.decode())
    sys.exit(0 if status == 200 else 1)


def verify(hub_url, token, n, sample, shop, customs):
    hub = Hub(hub_url, token)
    n, sample = int(n), int(sample)
    shop_org, shop_int = shop.split(":")
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    def orders_listed(org):
        count, path = 0, f"/api/v6/users/{org}/commerce-orders?limit=200"
        while path:
            page = hub.get(path)
            count += page["count"]
            path = path_of(page["_links"]["next"]["href"]) if "next" in page["_links"] else None
        return count

    def feed_orders(org, keep=None):
        """The ids of the org's orders in the feed, and the records of those in `keep`."""
        ids, kept = set(), {}
        for c in feed(hub, org):
            if c["type"] == "COMMERCE_ORDER" and c["operation"] != "deleted":
                ids.add(c["id"])
                if keep is None or c["id"] in keep:
                    kept[c["id"]] = c
        return ids, kept

    def erc(integration, order):
        cust = f"{integration}:{order['customer_id']}"
        if hub.call("GET", f"/erc/ecommerce/customers/{urllib.parse.quote(cust)}")[0] == 404:
            return None  # a customer the store did not list
        return hub.get(f"/erc/ecommerce/customers/{urllib.parse.quote(cust)}/orders/"
                       f"{urllib.parse.quote(integration + ':' + order['id'])}")

    def without(value, integration):
        # The integration's id is part of seed 004's references; the rest must be equal.
        return json.loads(json.dumps(value).replace(integration, "INTEGRATION"))

    ids = sorted(feed_orders(shop_org, keep=set())[0])
    picked = random.Random(1).sample(ids, min(sample, len(ids)))
    shop_reads = {i: bare(hub.get(f"/api/v6/users/{shop_org}/commerce-orders/{i}"))
                  for i in picked}
    shop_erc = {}
    for i in picked:
        if shop_reads[i].get("customer_id"):
            e = erc(shop_int, shop_reads[i])
            if e is not None:
                shop_erc[i] = without(e, shop_int)
    result = {"sampled": len(picked), "erc_sampled": len(shop_erc)}
    for custom in customs:
        org, integration = custom.split(":")
        listed = orders_listed(org)
        check(listed == n, f"{org}: commerce-orders lists {listed}, not {n}")
        in_feed, orders = feed_orders(org, keep=set(picked))
        check(len(in_feed) == n, f"{org}: the change feed has {len(in_feed)} orders, not {n}")
        for i in picked:
            read = bare(hub.get(f"/api/v6/users/{org}/commerce-orders/{i}"))
            check(read == shop_reads[i], f"{org}: commerce-orders/{i} differs from the shop's")
            check(i in orders and bare(orders[i]["data"]) == read,
                  f"{org}: the change feed's {i} differs")
            if i in shop_erc:
                e = erc(integration, read)
                check(e is not None and without(e, integration) == shop_erc[i],
                      f"{org}: /erc/ecommerce order {i} differs from the shop's")
        result[org] = {"listed": listed, "in_feed": len(in_feed)}
    result["problems"] = problems[:20]
    print(json.dumps(result))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    cmds = {"export": export, "bearer": bearer, "signed": signed}
    if len(sys.argv) > 1 and sys.argv[1] in cmds:
        cmds[sys.argv[1]](*sys.argv[2:])
    elif len(sys.argv) > 6 and sys.argv[1] == "verify":
        verify(*sys.argv[2:7], sys.argv[7:])
    else:
        sys.exit(__doc__)
