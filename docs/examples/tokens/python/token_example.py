#!/usr/bin/env python3
"""Tradepost API tokens (WallTech header signing) — a first client in Python 3, standard library only.

Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_TOKEN=… TRADEPOST_TOKEN_SECRET=… python3 token_example.py

Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
retry can never charge twice) and reads it back. An error answer is printed and exits 1.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import formatdate

try:
    BASE_URL = os.environ["TRADEPOST_BASE_URL"].rstrip("/")  # …/api/v1, the B-End API's paths
    TOKEN, SECRET = os.environ["TRADEPOST_TOKEN"], os.environ["TRADEPOST_TOKEN_SECRET"]
except KeyError:
    sys.exit("set TRADEPOST_BASE_URL, TRADEPOST_TOKEN and TRADEPOST_TOKEN_SECRET (the token's Secret Key)")
if not BASE_URL.endswith("/api/v1"):
    sys.exit("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)")


def call(method: str, path: str, body=None):
    """Signs and sends one request; returns the answer's data, or exits when its code is not 0."""
    url = BASE_URL + path  # exactly the URL sent, query included: it is what is signed
    date = formatdate(usegmt=True)  # RFC 1123: Wed, 02 Dec 2026 10:00:00 GMT
    string_to_sign = f"{method}\n{date}\n{url}"
    signature = base64.b64encode(hmac.new(SECRET.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest())
    request = urllib.request.Request(url, method=method,
                                     data=None if body is None else json.dumps(body).encode("utf-8"),
                                     headers={"X-WallTech-Date": date,
                                              "Authorization": f"WallTech {TOKEN}:{signature.decode('ascii')}",
                                              "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:  # 4xx: the body is the same {code, message, data}
        try:
            answer = json.load(error)
        except ValueError:
            sys.exit(f"{method} {path}: HTTP {error.code} {error.reason}")
    if answer.get("code") != 0:
        sys.exit(f"{method} {path} failed: code {answer.get('code')}: {answer.get('message')}")
    return answer["data"]


QUANTITY = 2
credit = call("GET", "/credit")
page = call("GET", "/products?" + urllib.parse.urlencode({"page": 1, "page_size": 10}))
# The first SKU on the page that can be ordered: on sale, with the quantity in stock.
choice = next(((p, s) for p in page["items"] if p["status"] == "on_sale"
               for s in p["skus"] if s["status"] == "on_sale" and s["stock"] >= QUANTITY), None)
if choice is None:
    sys.exit(f"No product on the first page has a SKU on sale with {QUANTITY} in stock: nothing to order.")
product, sku = choice

order = call("POST", "/orders", {
    "goods_id": product["goods_id"],
    "sku_id": sku["sku_id"],
    "quantity": QUANTITY,
    # Always send one: a retried (or replayed) order then answers 2002 and charges nothing.
    "merchant_order_no": os.environ.get("MERCHANT_ORDER_NO") or f"py-{int(time.time() * 1000)}",
    "shipping_address": {"name": "Ada Lovelace", "phone": "+44 20 7946 0000", "address": "12 St James Square",
                         "city": "London", "country": "GB", "postal_code": "SW1Y 4JH"},
})
read_back = call("GET", "/orders/" + urllib.parse.quote(order["order_no"], safe=""))
after = call("GET", "/credit")

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
