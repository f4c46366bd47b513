#!/usr/bin/env python3
"""Tradepost B-End API v1 — complete client in Python 3: `cryptography` + the standard library.

Run: pip install cryptography
     TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_APP_ID=app_… TRADEPOST_SECRET_KEY=… TRADEPOST_SIGN_KEY=… python3 bend_example.py
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BASE_URL, APP_ID, SECRET_KEY, SIGN_KEY = (os.environ.get(name, "") for name in (
    "TRADEPOST_BASE_URL", "TRADEPOST_APP_ID", "TRADEPOST_SECRET_KEY", "TRADEPOST_SIGN_KEY"))
if not (BASE_URL and APP_ID and SECRET_KEY and SIGN_KEY):
    sys.exit("set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY")
SECRET_KEY, SIGN_KEY = SECRET_KEY.encode("ascii"), SIGN_KEY.encode("ascii")
if not BASE_URL.rstrip("/").endswith("/api/v1"):
    sys.exit("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")
BASE_URL = BASE_URL.rstrip("/")  # paths below start with "/"


def encrypt(plaintext: str) -> str:
    """data = Base64(iv || ciphertext || tag); AESGCM.encrypt returns ciphertext || tag."""
    iv = os.urandom(12)
    return base64.b64encode(iv + AESGCM(SECRET_KEY).encrypt(iv, plaintext.encode("utf-8"), None)).decode("ascii")


def decrypt(data: str) -> str:
    raw = base64.b64decode(data, validate=True)
    return AESGCM(SECRET_KEY).decrypt(raw[:12], raw[12:], None).decode("utf-8")


def sign(fields: dict) -> str:
    """hex HMAC-SHA256(Sign Key, compact JSON of app_id, data, nonce, timestamp, keys sorted)."""
    message = json.dumps({k: fields[k] for k in ("app_id", "data", "nonce", "timestamp")},
                         sort_keys=True, separators=(",", ":"))
    return hmac.new(SIGN_KEY, message.encode("utf-8"), hashlib.sha256).hexdigest()


def call(method, path, params=None):
    # GET params are strings; no params at all = data "" (nothing is encrypted).
    data = encrypt(json.dumps(params, separators=(",", ":"))) if params else ""
    fields = {"app_id": APP_ID, "data": data, "nonce": secrets.token_hex(16), "timestamp": str(int(time.time()))}
    headers = {"App-ID": APP_ID, "Timestamp": fields["timestamp"], "Nonce": fields["nonce"], "Sign": sign(fields)}
    url, body = BASE_URL + path, None
    if method == "GET":
        if data:
            url += "?" + urllib.parse.urlencode({"data": data})
    else:
        headers["Content-Type"] = "application/json"
        body = json.dumps({"data": data}).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            envelope = json.load(response)
    except urllib.error.HTTPError as error:  # business errors come with HTTP 4xx, still as an envelope
        envelope = json.load(error)

    if "sign" not in envelope:
        # Only the pre-authentication failures 1001–1007 are sent unsigned.
        if 1001 <= envelope.get("code", 0) <= 1007:
            raise RuntimeError(f"B-End {envelope['code']}: {envelope['message']}")
        raise RuntimeError("unsigned response refused")
    # Verify BEFORE decrypting: our App, a matching signature, a fresh timestamp.
    if envelope["app_id"] != APP_ID or not hmac.compare_digest(sign(envelope), envelope["sign"]):
        raise RuntimeError("response signature mismatch")
    if abs(time.time() - int(envelope["timestamp"])) > 300:
        raise RuntimeError("stale response")
    return json.loads(decrypt(envelope["data"]))  # {"code", "message", "data"}


def ok(response: dict):
    if response["code"] != 0:
        raise RuntimeError(f"B-End {response['code']}: {response['message']}")
    return response["data"]


QUANTITY = 2


def orderable(p: dict, s: dict) -> bool:
    return p["status"] == "on_sale" and s["status"] == "on_sale" and s["stock"] >= QUANTITY


page = ok(call("GET", "/products", {"page": "1", "page_size": "10"}))
# The first SKU on the page that can be ordered: the first product may have none on sale or in stock.
first = next((p for p in page["items"] if any(orderable(p, s) for s in p["skus"])), None)
if first is None:
    sys.exit(f"No product on the first page has a SKU on sale with {QUANTITY} in stock: nothing to order.")
product = ok(call("GET", "/products/" + urllib.parse.quote(first["goods_id"], safe="")))
sku = next((s for s in product["skus"] if orderable(product, s)), None)
if sku is None:
    sys.exit(f"{product['goods_id']} has no SKU on sale with {QUANTITY} in stock any more: run again.")

order_request = {
    "goods_id": product["goods_id"],
    "sku_id": sku["sku_id"],
    "quantity": QUANTITY,
    "merchant_order_no": os.environ.get("MERCHANT_ORDER_NO") or f"py-{int(time.time() * 1000)}",
    "shipping_address": {
        "name": "Ada Lovelace",
        "phone": "+44 20 7946 0000",
        "address": "12 St James Square",
        "city": "London",
        "country": "GB",
        "postal_code": "SW1Y 4JH",
    },
}
order = ok(call("POST", "/orders", order_request))

# Idempotency: the same merchant_order_no again is refused with 2002 and charges nothing.
again = call("POST", "/orders", order_request)

# Your pending orders, newest first (v1.1); then cancel this one: it is refunded at once.
pending = ok(call("GET", "/orders", {"page": "1", "page_size": "10", "status": "pending"}))
order_path = "/orders/" + urllib.parse.quote(order["order_no"], safe="")
cancelled = ok(call("POST", order_path + "/cancel", {"reason": "example: changed my mind"}))

credit = ok(call("GET", "/credit"))

print(json.dumps({
    "products_total": page["total"],
    "goods_id": product["goods_id"],
    "sku_id": sku["sku_id"],
    "order_no": order["order_no"],
    "merchant_order_no": order["merchant_order_no"],
    "amount": order["amount"],
    "duplicate_code": again["code"],
    "duplicate_order_no": (again["data"] or {}).get("order_no"),
    "pending_total": pending["total"],
    "pending_first": pending["items"][0]["order_no"] if pending["items"] else None,
    "cancelled_status": cancelled["status"],
    "refund_reference_no": cancelled["refund_reference_no"],
    "available": credit["available"],
}))
