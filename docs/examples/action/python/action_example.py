#!/usr/bin/env python3
"""Tradepost Action API (SellerCenter signing) — a first client in Python 3, standard library only.

Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_USER_ID=buyer@acme.test TRADEPOST_API_KEY=… python3 action_example.py

Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
retry can never charge twice) and reads it back. An error answer is printed and exits 1.
"""
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

try:
    BASE_URL = os.environ["TRADEPOST_BASE_URL"]  # …/api/v1, as for the B-End API
    USER_ID, API_KEY = os.environ["TRADEPOST_USER_ID"], os.environ["TRADEPOST_API_KEY"]
except KeyError:
    sys.exit("set TRADEPOST_BASE_URL, TRADEPOST_USER_ID (your login e-mail) and TRADEPOST_API_KEY")
if not BASE_URL.rstrip("/").endswith("/api/v1"):
    sys.exit("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")
# The Action API is beside the B-End API: …/api/v1 → …/api/action.
ACTION_URL = BASE_URL.rstrip("/").rsplit("/", 1)[0] + "/action"


def rfc3986(value: str) -> str:
    """Every byte but A-Z a-z 0-9 - _ . ~ as %XX (upper case) of its UTF-8."""
    return urllib.parse.quote(value, safe="")


def call(action: str, params=None, body=None):
    """Signs and sends one action; returns the SuccessResponse's Body, or exits on an ErrorResponse."""
    query = {"Action": action, "UserID": USER_ID, "Version": "1.0", "Format": "JSON",
             "Timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"), **(params or {})}
    # The string to sign: every parameter but Signature, sorted by name, RFC 3986-encoded, joined by &.
    to_sign = "&".join(f"{rfc3986(k)}={rfc3986(v)}" for k, v in sorted(query.items()))
    signature = hmac.new(API_KEY.encode("ascii"), to_sign.encode("ascii"), hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{ACTION_URL}?{to_sign}&Signature={signature}",
        data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"} if body is not None else {},
        method="GET" if body is None else "POST",  # CreateOrder must be a POST
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:  # the Action API answers 200 even for errors: this is not it
        sys.exit(f"Action API {action}: HTTP {error.code} {error.reason}")
    if "ErrorResponse" in answer:
        head = answer["ErrorResponse"]["Head"]
        sys.exit(f"Action API {action} failed: ErrorCode {head['ErrorCode']}: {head['ErrorMessage']}")
    return answer["SuccessResponse"]["Body"]


QUANTITY = 2
credit = call("GetCredit")
page = call("GetProducts", {"Page": "1", "PageSize": "10"})
# The first SKU on the page that can be ordered: on sale, with the quantity in stock.
choice = next(((p, s) for p in page["items"] if p["status"] == "on_sale"
               for s in p["skus"] if s["status"] == "on_sale" and s["stock"] >= QUANTITY), None)
if choice is None:
    sys.exit(f"No product on the first page has a SKU on sale with {QUANTITY} in stock: nothing to order.")
product, sku = choice

order = call("CreateOrder", body={
    "goods_id": product["goods_id"],
    "sku_id": sku["sku_id"],
    "quantity": QUANTITY,
    # Always send one: a retried (or replayed) CreateOrder then answers 2002 and charges nothing.
    "merchant_order_no": os.environ.get("MERCHANT_ORDER_NO") or f"py-{int(time.time() * 1000)}",
    "shipping_address": {"name": "Ada Lovelace", "phone": "+44 20 7946 0000", "address": "12 St James Square",
                         "city": "London", "country": "GB", "postal_code": "SW1Y 4JH"},
})
read_back = call("GetOrder", {"OrderNo": order["order_no"]})
after = call("GetCredit")

print(json.dumps({
    "available_before": credit["available"],
    "products_total": page["total"],
    "goods_id": product["goods_id"],
    "sku_id": sku["sku_id"],
    "order_no": order["order_no"],
    "merchant_order_no": order["merchant_order_no"],
    "amount": order["amount"],
    "read_back_order_no": read_back["order_no"],
    "read_back_status": read_back["status"],
    "available_after": after["available"],
}))
