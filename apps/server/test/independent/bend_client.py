#!/usr/bin/env python3
"""An independent B-End v1 client, written from docs/spec/bend-v1.md alone.

It shares no code with the server or the TypeScript SDK (stdlib + `cryptography` only), so when it
interoperates with the server, the server speaks the spec and not merely "whatever our SDK does".

Usage:
    TRADEPOST_APP_ID=app_... TRADEPOST_SECRET_KEY=... TRADEPOST_SIGN_KEY=... \\
        python3 bend_client.py http://127.0.0.1:8080/api/v1 [--run-id ID]

It walks the API (products, orders over both transports, credit, ledger), verifies every response
signature before decrypting, asserts the spec's shapes and invariants, and prints one JSON summary
on stdout. Exit status 0 = every check passed; 1 = a check failed ({"ok": false, "error": ...}).
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MONEY = re.compile(r"^-?\d+\.\d{2}$")
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
PLAIN_CODES = range(1001, 1008)  # the only failures the spec sends unencrypted
HTTP_STATUS = {0: 200, 1001: 401, 1002: 401, 1003: 403, 1004: 401, 1005: 401, 1006: 400, 1007: 401,
               2001: 402, 2002: 409, 3001: 404, 3002: 409, 3003: 404, 3004: 404, 4001: 400,
               4029: 429, 5001: 500}


class CheckFailed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise CheckFailed(what)


# ---- crypto (spec: "Encryption: data", "Signature: sign") ----

def encrypt(plaintext: str, secret_key: str) -> str:
    iv = os.urandom(12)
    sealed = AESGCM(secret_key.encode("ascii")).encrypt(iv, plaintext.encode("utf-8"), None)
    return base64.b64encode(iv + sealed).decode("ascii")  # sealed = ciphertext || 16-byte tag


def decrypt(data: str, secret_key: str) -> str:
    raw = base64.b64decode(data, validate=True)
    return AESGCM(secret_key.encode("ascii")).decrypt(raw[:12], raw[12:], None).decode("utf-8")


def sign(fields: dict, sign_key: str) -> str:
    message = json.dumps({k: fields[k] for k in ("app_id", "data", "nonce", "timestamp")},
                         sort_keys=True, separators=(",", ":"))
    return hmac.new(sign_key.encode("ascii"), message.encode("utf-8"), hashlib.sha256).hexdigest()


class Response:
    def __init__(self, status, payload, encrypted):
        self.status, self.payload, self.encrypted = status, payload, encrypted
        self.code, self.data = payload["code"], payload["data"]


class BendClient:
    def __init__(self, base_url, app_id, secret_key, sign_key):
        self.base_url = base_url.rstrip("/")
        self.app_id, self.secret_key, self.sign_key = app_id, secret_key, sign_key
        self.signed_responses = 0

    def auth_fields(self, params):
        data = "" if params is None else encrypt(json.dumps(params, separators=(",", ":")), self.secret_key)
        fields = {"app_id": self.app_id, "nonce": secrets.token_urlsafe(24),
                  "timestamp": str(int(time.time())), "data": data}
        fields["sign"] = sign(fields, self.sign_key)
        return fields

    def call(self, method, path, params=None, transport="headers", tamper=None, fields=None):
        """One request. GET params must be a dict of strings (spec: "A request").
        `tamper` edits the signed fields before sending; `fields` resends earlier ones (a replay)."""
        if method == "GET" and params is not None:
            check(all(isinstance(v, str) for v in params.values()), "GET params are strings")
        fields = dict(fields) if fields else self.auth_fields(params)
        if tamper:
            tamper(fields)
        self.last_fields = dict(fields)
        url = self.base_url + path
        headers, body = {"Accept": "application/json"}, None
        if transport == "headers":
            headers.update({"App-ID": fields["app_id"], "Timestamp": fields["timestamp"],
                            "Nonce": fields["nonce"], "Sign": fields["sign"]})
            if method == "GET":
                if fields["data"]:
                    url += "?" + urllib.parse.urlencode({"data": fields["data"]})
            else:
                body = json.dumps({"data": fields["data"]}).encode()
        elif method == "GET":
            url += "?" + urllib.parse.urlencode(fields)
        else:
            body = json.dumps(fields).encode()
        if body is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                status, text = res.status, res.read().decode("utf-8")
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode("utf-8")
        return self.open(method, path, status, text)

    def open(self, method, path, status, text):
        where = f"{method} {path}"
        body = json.loads(text)
        check(isinstance(body, dict), f"{where}: body is a JSON object")
        if "sign" not in body:
            # Unauthenticated failures only (spec: "A response").
            check(set(body) == {"code", "message", "data"}, f"{where}: plain body is a standard response: {text}")
            check(body["code"] in PLAIN_CODES, f"{where}: only codes 1001-1007 may be plain, got {text}")
            check(status == HTTP_STATUS[body["code"]], f"{where}: HTTP {status} for plain code {body['code']}")
            check(body["data"] is None, f"{where}: plain failure carries data null")
            return Response(status, body, encrypted=False)
        check(set(body) == {"app_id", "nonce", "timestamp", "data", "sign"}, f"{where}: envelope has the five fields")
        check(body["app_id"] == self.app_id, f"{where}: envelope app_id is ours")
        check(HEX64.match(body["sign"]) is not None, f"{where}: sign is lowercase hex")
        check(hmac.compare_digest(body["sign"], sign(body, self.sign_key)), f"{where}: response signature verifies")
        check(re.fullmatch(r"[A-Za-z0-9_-]{16,64}", body["nonce"]) is not None, f"{where}: response nonce form")
        check(re.fullmatch(r"\d+", body["timestamp"]) is not None, f"{where}: response timestamp is seconds")
        check(abs(int(body["timestamp"]) - time.time()) < 300, f"{where}: response timestamp is fresh")
        payload = json.loads(decrypt(body["data"], self.secret_key))
        self.signed_responses += 1
        check(set(payload) == {"code", "message", "data"}, f"{where}: decrypted standard response")
        check(isinstance(payload["code"], int) and isinstance(payload["message"], str), f"{where}: code/message types")
        check(status == HTTP_STATUS.get(payload["code"]), f"{where}: HTTP {status} for code {payload['code']}")
        if payload["code"] == 0:
            check(payload["message"] == "success", f"{where}: success message")
        return Response(status, payload, encrypted=True)

    def ok(self, method, path, params=None, transport="headers"):
        res = self.call(method, path, params, transport)
        check(res.code == 0, f"{method} {path}: expected code 0, got {res.payload}")
        return res.data


# ---- shapes (spec: "Data structures") ----

def is_money(v):
    return isinstance(v, str) and MONEY.match(v) is not None


def is_time(v):
    return isinstance(v, str) and ISO_UTC.match(v) is not None


def has_keys(obj, keys, what):
    check(isinstance(obj, dict), f"{what} is an object")
    check(set(obj) == set(keys), f"{what} keys: expected {sorted(keys)}, got {sorted(obj)}")


def assert_page(page, item_check, what):
    # next_cursor is an additive extension (keyset paging of /products): optional, string or null.
    extra = ["next_cursor"] if "next_cursor" in page else []
    has_keys(page, ["items", "page", "page_size", "total"] + extra, what)
    check(all(isinstance(page[k], str) or page[k] is None for k in extra), f"{what}: next_cursor")
    check(all(isinstance(page[k], int) for k in ("page", "page_size", "total")), f"{what}: ints")
    check(isinstance(page["items"], list) and len(page["items"]) <= page["page_size"], f"{what}: items")
    for item in page["items"]:
        item_check(item)


def assert_sku(s):
    has_keys(s, ["sku_id", "goods_id", "spec", "price", "currency", "stock", "status"], "Sku")
    check(is_money(s["price"]) and CURRENCY.match(s["currency"]), "Sku money")
    check(isinstance(s["stock"], int) and s["status"] in ("on_sale", "off_sale"), "Sku stock/status")


def assert_product(p):
    has_keys(p, ["goods_id", "title", "description", "category", "images", "currency", "status", "skus",
                 "created_at", "updated_at"], "Product")
    check(isinstance(p["images"], list) and all(isinstance(i, str) for i in p["images"]), "Product images")
    check(p["status"] in ("on_sale", "off_sale") and is_time(p["created_at"]) and is_time(p["updated_at"]), "Product")
    for s in p["skus"]:
        assert_sku(s)
        check(s["goods_id"] == p["goods_id"], "Sku.goods_id is its product's")


def assert_order(o):
    has_keys(o, ["order_no", "merchant_order_no", "goods_id", "sku_id", "quantity", "unit_price", "amount",
                 "currency", "status", "shipping_address", "tracking_no", "credit_reference_no", "created_at",
                 "updated_at",
                 # v1.1 lifecycle fields, null until they apply
                 "carrier", "shipped_at", "delivered_at", "cancelled_at", "cancel_reason", "refund_reference_no"],
             "Order")
    check(is_money(o["unit_price"]) and is_money(o["amount"]), "Order money")
    check(Decimal(o["amount"]) == Decimal(o["unit_price"]) * o["quantity"], "Order amount = unit_price x quantity")
    check(o["status"] in ("pending", "processing", "shipped", "delivered", "cancelled", "failed"), "Order status")
    has_keys(o["shipping_address"], ["name", "phone", "address", "city", "country", "postal_code"], "address")
    check(o["tracking_no"] is None or isinstance(o["tracking_no"], str), "Order tracking_no")
    check(is_time(o["created_at"]) and is_time(o["updated_at"]), "Order times")


def assert_batch(b):
    has_keys(b, ["batch_no", "merchant_batch_no", "status", "total", "succeeded", "failed", "items", "created_at"],
             "BatchOrder")
    check(b["status"] in ("completed", "partially_failed", "failed") and is_time(b["created_at"]), "BatchOrder status")
    check(b["total"] == len(b["items"]) == b["succeeded"] + b["failed"], "BatchOrder counts")
    for i, item in enumerate(b["items"]):
        has_keys(item, ["index", "merchant_order_no", "code", "message", "order"], "BatchOrder item")
        check(item["index"] == i and isinstance(item["code"], int), "item index/code")
        check((item["code"] == 0) == (item["order"] is not None), "an item has an order exactly when code is 0")
        if item["order"] is not None:
            assert_order(item["order"])


def assert_credit(c):
    has_keys(c, ["currency", "credit_limit", "used", "available", "utilization_percent", "status"], "Credit")
    check(all(is_money(c[k]) for k in ("credit_limit", "used", "available", "utilization_percent")), "Credit money")
    check(c["status"] in ("active", "frozen") and Decimal(c["available"]) >= 0, "Credit status/available")


def assert_transaction(t):
    has_keys(t, ["reference_no", "type", "amount", "balance_before", "balance_after", "currency", "order_no",
                 "description", "created_at"], "CreditTransaction")
    check(t["type"] in ("order", "refund", "repayment", "adjustment", "limit_change"), "tx type")
    check(all(is_money(t[k]) for k in ("amount", "balance_before", "balance_after")), "tx money")
    check(Decimal(t["balance_after"]) == Decimal(t["balance_before"]) + Decimal(t["amount"]), "tx balance arithmetic")
    check(is_time(t["created_at"]), "tx time")


# ---- the walk ----

def run(client: BendClient, run_id: str) -> dict:
    summary = {"ok": True}
    address = {"name": "Grace Hopper", "phone": "+1 555 0199", "address": "1 Navy Yard", "city": "Arlington",
               "country": "US", "postal_code": "22202"}

    first = client.ok("GET", "/products", {"page": "1", "page_size": "2"})
    assert_page(first, assert_product, "Page<Product>")
    check(first["page"] == 1 and first["page_size"] == 2, "products page echo")
    everything = client.ok("GET", "/products", {"page": "1", "page_size": "100"})
    assert_page(everything, assert_product, "Page<Product>")
    check(everything["total"] == first["total"] == len(everything["items"]), "products total consistent")
    summary["products_total"] = everything["total"]
    summary["products_page1_count"] = len(first["items"])

    product, sku = next((p, s) for p in everything["items"] if p["status"] == "on_sale"
                        for s in p["skus"] if s["status"] == "on_sale" and s["stock"] >= 3)
    by_id = client.ok("GET", "/products/" + urllib.parse.quote(product["goods_id"], safe=""))
    assert_product(by_id)
    by_sku = client.ok("GET", "/products/sku/" + urllib.parse.quote(sku["sku_id"], safe=""))
    assert_product(by_sku)
    check(by_id == by_sku == product, "product by id = by SKU = listed")
    summary["goods_id"], summary["sku_id"], summary["unit_price"] = product["goods_id"], sku["sku_id"], sku["price"]

    credit_before = client.ok("GET", "/credit")
    assert_credit(credit_before)
    summary["credit_before"] = credit_before

    mon_header = f"{run_id}-H"
    header_order = client.ok("POST", "/orders", {"goods_id": product["goods_id"], "sku_id": sku["sku_id"],
                                                 "quantity": 2, "merchant_order_no": mon_header,
                                                 "shipping_address": address})
    assert_order(header_order)
    check(header_order["merchant_order_no"] == mon_header and header_order["quantity"] == 2, "header order fields")
    check(header_order["unit_price"] == sku["price"], "order unit_price = SKU price")

    mon_env = f"{run_id}-E"
    env_order = client.ok("POST", "/orders", {"goods_id": product["goods_id"], "sku_id": sku["sku_id"],
                                              "quantity": 1, "merchant_order_no": mon_env,
                                              "shipping_address": address}, transport="envelope")
    assert_order(env_order)
    fetched = client.ok("GET", "/orders/" + urllib.parse.quote(env_order["order_no"], safe=""), transport="envelope")
    check(fetched == env_order, "envelope GET /orders/:order_no returns the order")
    by_mon = client.ok("GET", "/orders/merchant/" + urllib.parse.quote(mon_header, safe=""))
    check(by_mon == header_order, "GET /orders/merchant/:merchant_order returns the order")
    env_page = client.ok("GET", "/products", {"page": "1", "page_size": "1"}, transport="envelope")
    check(env_page["total"] == everything["total"] and len(env_page["items"]) == 1, "envelope GET with params")
    summary["orders"] = [header_order, env_order]

    sold_out = next(s for p in everything["items"] for s in p["skus"] if s["stock"] == 0)
    item = {"quantity": 1, "shipping_address": address}
    batch = client.ok("POST", "/batch-orders", {"merchant_batch_no": f"{run_id}-B", "orders": [
        {**item, "goods_id": product["goods_id"], "sku_id": sku["sku_id"], "merchant_order_no": f"{run_id}-B1"},
        {**item, "goods_id": sold_out["goods_id"], "sku_id": sold_out["sku_id"], "merchant_order_no": f"{run_id}-B2"},
    ]})
    assert_batch(batch)
    check(batch["merchant_batch_no"] == f"{run_id}-B", "batch merchant_batch_no")
    check(client.ok("GET", "/batch-orders/" + urllib.parse.quote(batch["batch_no"], safe="")) == batch,
          "GET /batch-orders/:batch_no returns the batch")
    missing_batch = client.call("GET", "/batch-orders/BAT-DOES-NOT-EXIST")
    check(missing_batch.encrypted and missing_batch.code == 3004, "unknown batch -> 3004")
    batch_order = batch["items"][0]["order"] or {"amount": "0.00", "order_no": None}
    summary["batch"] = {"status": batch["status"], "codes": [i["code"] for i in batch["items"]],
                        "amount": batch_order["amount"]}

    dup = client.call("POST", "/orders", {"goods_id": product["goods_id"], "sku_id": sku["sku_id"], "quantity": 1,
                                          "merchant_order_no": mon_header, "shipping_address": address})
    check(dup.encrypted and dup.code == 2002 and dup.status == 409, f"duplicate -> 2002: {dup.payload}")
    check(dup.data.get("order_no") == header_order["order_no"], "2002 carries the existing order_no")
    missing = client.call("GET", "/orders/ORD-DOES-NOT-EXIST")
    check(missing.encrypted and missing.code == 3003 and missing.status == 404, "unknown order -> 3003")
    bad_sign = client.call("GET", "/credit", tamper=lambda f: f.update(sign="0" * 64))
    check(not bad_sign.encrypted and bad_sign.code == 1001 and bad_sign.status == 401, "bad sign -> plain 1001")
    summary["error_codes"] = {"duplicate": dup.code, "unknown_order": missing.code, "bad_sign": bad_sign.code}
    summary["auth_codes"] = auth_failures(client)

    credit_after = client.ok("GET", "/credit", transport="envelope")
    assert_credit(credit_after)
    summary["credit_after"] = credit_after
    spent = Decimal(header_order["amount"]) + Decimal(env_order["amount"]) + Decimal(batch_order["amount"])
    check(Decimal(credit_before["available"]) - Decimal(credit_after["available"]) == spent,
          "available decreased by exactly the order amounts (batch included)")

    txs, page = [], 1
    while True:
        chunk = client.ok("GET", "/credit/transactions", {"page": str(page), "page_size": "2"})
        assert_page(chunk, assert_transaction, "Page<CreditTransaction>")
        txs += chunk["items"]
        if not chunk["items"] or page * chunk["page_size"] >= chunk["total"]:
            break
        page += 1
    check(len(txs) == chunk["total"], "paged through every transaction")
    check(len({t["reference_no"] for t in txs}) == len(txs), "reference_no unique")
    chain = order_chain(txs)
    check(chain is not None, "each balance_before equals the previous balance_after")
    check(chain[-1]["balance_after"] == credit_after["available"], "last balance_after = Credit.available")
    debits = {t["order_no"]: t for t in txs if t["type"] == "order"}
    for o in (header_order, env_order, batch_order):
        t = debits.get(o["order_no"])
        check(t is not None and Decimal(t["amount"]) == -Decimal(o["amount"]), f"one debit for {o['order_no']}")
        check(t["reference_no"] == o["credit_reference_no"], "order credit_reference_no names its debit")
    order_only = client.ok("GET", "/credit/transactions", {"type": "order", "page_size": "100"})
    check(all(t["type"] == "order" for t in order_only["items"]), "type filter")
    summary["transactions"] = len(txs)
    summary["order_debits"] = len(order_only["items"])
    summary["signed_responses_verified"] = client.signed_responses
    return summary


def auth_failures(client: BendClient) -> dict:
    """Spec "Verification order": each failure answers its code, in plain JSON, charging nothing."""
    def resign(f):
        f["sign"] = sign(f, client.sign_key)

    codes = {}
    first = client.call("GET", "/credit")
    check(first.code == 0, "fresh request accepted")
    codes["replay"] = client.call("GET", "/credit", fields=client.last_fields).code
    codes["stale_timestamp"] = client.call(
        "GET", "/credit", tamper=lambda f: (f.update(timestamp=str(int(time.time()) - 3600)), resign(f))).code
    codes["unknown_app"] = client.call(
        "GET", "/credit", tamper=lambda f: (f.update(app_id="app_" + "0" * 24), resign(f))).code
    codes["bad_data"] = client.call(
        "POST", "/orders", {"x": 1}, tamper=lambda f: (f.update(data=base64.b64encode(os.urandom(40)).decode()),
                                                       resign(f))).code
    codes["missing_sign"] = client.call("GET", "/credit", tamper=lambda f: f.update(sign="")).code
    expected = {"replay": 1007, "stale_timestamp": 1005, "unknown_app": 1002, "bad_data": 1006, "missing_sign": 1004}
    check(codes == expected, f"auth failure codes: expected {expected}, got {codes}")
    return codes


def order_chain(txs):
    """Orders the ledger by its own links (before = previous after), whatever order the API lists it in."""
    if not txs:
        return []
    afters = {t["balance_after"] for t in txs}
    starts = [t for t in txs if t["balance_before"] not in afters] or [txs[0]]
    for start in starts:
        chain, rest = [start], [t for t in txs if t is not start]
        while rest:
            nxt = next((t for t in rest if t["balance_before"] == chain[-1]["balance_after"]), None)
            if nxt is None:
                break
            chain.append(nxt)
            rest.remove(nxt)
        if not rest:
            return chain
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    run_id = argv[argv.index("--run-id") + 1] if "--run-id" in argv else "py-" + secrets.token_hex(4)
    client = BendClient(argv[1], os.environ["TRADEPOST_APP_ID"], os.environ["TRADEPOST_SECRET_KEY"],
                        os.environ["TRADEPOST_SIGN_KEY"])
    try:
        summary = run(client, run_id)
    except (CheckFailed, StopIteration, KeyError, ValueError, TypeError) as err:
        print(json.dumps({"ok": False, "error": f"{type(err).__name__}: {err}"}))
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
