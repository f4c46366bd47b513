#!/usr/bin/env python3
"""Writes test/vectors/*.json with Python's `cryptography` and stdlib only, never with the TypeScript
code under test, so the vectors are an independent reference. Re-run only to add vectors:
    python3 packages/protocol/test/independent/generate_vectors.py
B-End IVs and nonces are fixed, so the output is deterministic."""
import base64
import hashlib
import hmac
import json
import pathlib
from urllib.parse import quote

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

OUT = pathlib.Path(__file__).resolve().parent.parent / "vectors"


def js_json(value):
    """Compact JSON as JavaScript's JSON.stringify writes it (non-ASCII kept as is)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def bend_vector(name, kind, keys, app_id, nonce, timestamp, iv_hex, plaintext, method=None, params=None):
    if plaintext is None:
        data = ""
    else:
        iv = bytes.fromhex(iv_hex)
        sealed = AESGCM(keys["secretKey"].encode("ascii")).encrypt(iv, plaintext.encode("utf-8"), None)
        data = base64.b64encode(iv + sealed).decode("ascii")
    sign_string = json.dumps(
        {"app_id": app_id, "data": data, "nonce": nonce, "timestamp": timestamp},
        separators=(",", ":"),
        sort_keys=True,
    )
    sign = hmac.new(keys["signKey"].encode("ascii"), sign_string.encode("utf-8"), hashlib.sha256).hexdigest()
    v = {"name": name, "kind": kind}
    if method:
        v["method"] = method
    v.update({**keys, "app_id": app_id, "nonce": nonce, "timestamp": timestamp, "iv": iv_hex})
    if params is not None:
        v["params"] = params
    v.update({"plaintext": plaintext, "data": data, "signString": sign_string, "sign": sign})
    return v


def bend():
    k1 = {"secretKey": "K7f9Qm2Lx8Vb4Nc6Zp1Rt3Wy5Hd0Js2A", "signKey": "S9a8B7c6D5e4F3g2H1i0JkLmNoPqRsTu"}
    k2 = {"secretKey": "00000000000000000000000000000000", "signKey": "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}
    app1 = "app_5f3c9a0b7d2e4f6a8c1b3d5e"
    app2 = "app_000000000000000000000000"
    order = {"goods_id": "G1001", "sku_id": "S1001-RED-XL", "quantity": 2, "merchant_order_no": "MO-20261122-0001"}
    address = {
        "name": "张伟 \"Zhang\" 🚚",
        "city": "São Paulo",
        "address": "Rua Açaí, 12 \\ bloco B\nsala 3",
        "country": "BR",
        "postal_code": "",
    }
    get_params = {"page": "1", "page_size": "20", "keyword": "café & 茶"}
    vectors = [
        bend_vector("post-ascii-order", "request", k1, app1, "Zx4_nonce-0001abcd", "1763812345",
                    "000102030405060708090a0b", js_json(order), "POST", order),
        bend_vector("post-unicode-address", "request", k1, app1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    "1763812346", "cafebabefacedbaddecaf888", js_json({"shipping_address": address}), "POST",
                    {"shipping_address": address}),
        bend_vector("post-empty-object", "request", k2, app2, "0123456789abcdef", "1700000000",
                    "ffffffffffffffffffffffff", "{}", "POST", {}),
        bend_vector("get-params", "request", k1, app1, "get_nonce_00000000000001", "1763812400",
                    "101112131415161718191a1b", js_json(get_params), "GET", get_params),
        bend_vector("get-no-params", "request", k1, app1, "get_nonce_00000000000002", "1763812401",
                    None, None, "GET", {}),
        bend_vector("response-success", "response", k1, app1, "srv_nonce_0000000000000001", "1763812347",
                    "a1a2a3a4a5a6a7a8a9aaabac",
                    js_json({"code": 0, "message": "success", "data": {"order_no": "TP20261122000001", "amount": "24.60"}})),
        bend_vector("response-business-error", "response", k2, app2, "srv_nonce_0000000000000002", "1700000001",
                    "0a0b0c0d0e0f101112131415", js_json({"code": 2001, "message": "Insufficient credit", "data": None})),
    ]
    return {
        "scheme": "B-End v1 (docs/spec/bend-v1.md)",
        "generator": "test/independent/generate_vectors.py (Python cryptography AESGCM + hmac)",
        "note": "data = Base64(iv || AES-256-GCM(plaintext) || tag); sign = hex HMAC-SHA256(signKey, signString). "
                "GET without params: no iv, data is the empty string.",
        "vectors": vectors,
    }


def action_string_to_sign(pairs):
    kept = [(n, v) for n, v in pairs if n != "Signature"]
    kept.sort(key=lambda p: (p[0].encode("utf-8"), p[1].encode("utf-8")))
    return "&".join(f"{quote(n, safe='')}={quote(v, safe='')}" for n, v in kept)


def action_vector(name, source, api_key, pairs, wire_without_signature, published=None):
    sts = action_string_to_sign(pairs)
    signature = hmac.new(api_key.encode("ascii"), sts.encode("utf-8"), hashlib.sha256).hexdigest()
    if published is not None:
        assert (sts, signature) == published, name
    return {
        "name": name,
        "source": source,
        "apiKey": api_key,
        "params": [list(p) for p in pairs],
        "stringToSign": sts,
        "signature": signature,
        "query": f"{wire_without_signature}&Signature={signature}",
    }


def action():
    key = "b1bdb357ced10fe4e9a69840cdd4f0e9c03d77fe"
    common = [("UserID", "look@me.com"), ("Version", "1.0"), ("Timestamp", "2015-07-01T11:11:11+00:00")]
    vectors = []
    for act, sts, sig in [
        ("FeedList",
         "Action=FeedList&Format=XML&Timestamp=2015-07-01T11%3A11%3A11%2B00%3A00&UserID=look%40me.com&Version=1.0",
         "3ceb8ed91049dfc718b0d2d176fb2ed0e5fd74f76c5971f34cdab48412476041"),
        ("GetBrands",
         "Action=GetBrands&Format=XML&Timestamp=2015-07-01T11%3A11%3A11%2B00%3A00&UserID=look%40me.com&Version=1.0",
         "62d759cdbf8e2da71bf561f0d908fc5bb6f2cb041e4a5ea1ebb90ad4fc8d8251"),
    ]:
        pairs = [("Action", act), *common, ("Format", "XML")]
        vectors.append(action_vector(act, "action-api.md reference vector", key, pairs, sts, (sts, sig)))

    key2 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
    pairs = [("Action", "GetProducts"), ("UserID", "buyer+ops@example.com"), ("Version", "1.0"),
             ("Timestamp", "2026-11-22T18:41:00Z"), ("Format", "JSON"), ("Page", "2"), ("PageSize", "50")]
    # Wire as a lax client sends it: unsorted, '@' and ':' left raw, '+' escaped.
    wire = ("PageSize=50&Action=GetProducts&UserID=buyer%2bops@example.com&Version=1.0"
            "&Timestamp=2026-11-22T18:41:00Z&Format=JSON&Page=2")
    vectors.append(action_vector("GetProducts-lax-wire", "generated", key2, pairs, wire))

    pairs = [("Action", "GetProduct"), ("UserID", "look@me.com"), ("Version", "1.0"),
             ("Timestamp", "2026-11-22T19:41:00.123+01:00"), ("version", "lower-case sorts after"),
             ("Note", "Café ☕ (50%) it's *great*! a+b ~x"), ("Emoji", "🚚")]
    wire = ("Action=GetProduct&UserID=look%40me.com&Version=1.0&Timestamp=2026-11-22T19%3A41%3A00.123%2B01%3A00"
            "&version=lower-case+sorts+after&Note=Caf%c3%a9+%E2%98%95+(50%25)+it's+*great*!+a%2Bb+~x&Emoji=%F0%9F%9A%9A")
    vectors.append(action_vector("GetProduct-reserved-and-unicode", "generated", key2, pairs, wire))

    pairs = [("Action", "GetOrder"), ("UserID", "look@me.com"), ("Version", "1.0"),
             ("Timestamp", "2026-11-22T18:41+0000"), ("OrderNo", "TP20261122000001"), ("Empty", "")]
    wire = "Action=GetOrder&UserID=look%40me.com&Version=1.0&Timestamp=2026-11-22T18%3A41%2B0000&OrderNo=TP20261122000001&Empty="
    vectors.append(action_vector("GetOrder-no-seconds-empty-value", "generated", key2, pairs, wire))
    return {
        "scheme": "Action API (docs/spec/action-api.md)",
        "generator": "test/independent/generate_vectors.py (urllib.parse.quote + hmac)",
        "note": "params are decoded pairs; query is a wire form whose decoding gives them; signature = hex "
                "HMAC-SHA256(apiKey, stringToSign). UserID look@me.com / 1.0 in the reference vectors.",
        "vectors": vectors,
    }


def walltech_vector(name, source, secret, method, url, date, token=None, published=None):
    sts = f"{method}\n{date}\n{url}"
    sig = base64.b64encode(hmac.new(secret.encode("utf-8"), sts.encode("utf-8"), hashlib.sha1).digest()).decode()
    if published is not None:
        assert sig == published, name
    v = {"name": name, "source": source, "secretKey": secret, "method": method, "url": url, "date": date,
         "stringToSign": sts, "signature": sig}
    if token:
        v["token"] = token
        v["authorization"] = f"WallTech {token}:{sig}"
    return v


def walltech():
    key = "I7MIjTQBMZNXToMTA2PkOw"
    url = "http://qa.etowertech.com/services/shipper/orders"
    vectors = [
        walltech_vector("etower-capture-1", "walltech.md reference vector", key, "POST", url,
                        "Fri, 16 Dec 2022 18:38:45 GMT", published="yWUH6sTKY3tDqfRMhnNZIWIVY6c="),
        walltech_vector("etower-capture-2", "walltech.md reference vector", key, "POST", url,
                        "Fri, 16 Dec 2022 20:02:56 GMT", published="HUWDj48o0U62zogRPeLNeTbGrZc="),
        walltech_vector("get-with-query", "generated", "Zq8mN3vB6xC1lK4jH7gF2dS5aP0oI9uY", "GET",
                        "https://tradepost.example.com:8443/api/v1/products?page=2&keyword=caf%C3%A9",
                        "Thu, 06 Aug 2020 06:01:26 GMT", token="TpTok3nAbCdEfGhIjKlMnOpQrS"),
        walltech_vector("post-orders", "generated", "abcdefghijklmnopqrstuv", "POST",
                        "http://localhost:8080/api/v1/orders", "Sun, 22 Nov 2026 18:41:00 GMT",
                        token="0123456789ABCDEFGHIJabcdef"),
    ]
    return {
        "scheme": "WallTech (docs/spec/walltech.md)",
        "generator": "test/independent/generate_vectors.py (hmac + base64)",
        "note": "signature = Base64(HMAC-SHA1(secretKey UTF-8, METHOD\\nDATE\\nURL))",
        "vectors": vectors,
    }


def webhook_vector(name, source, body, timestamp, secrets, published=None, checks=()):
    signatures = [
        hmac.new(s.encode("ascii"), f"{timestamp}.".encode("ascii") + body.encode("utf-8"), hashlib.sha256).hexdigest()
        for s in secrets
    ]
    if published is not None:
        assert signatures == published, (name, signatures)
    return {
        "name": name,
        "source": source,
        "body": body,
        "bodyBytes": len(body.encode("utf-8")),
        "timestamp": timestamp,
        "secrets": secrets,
        "signatures": signatures,
        "header": ",".join([f"t={timestamp}"] + [f"v1={v}" for v in signatures]),
        "checks": [{"secret": sec, "now": now, "expect": want} for sec, now, want in checks],
    }


def webhooks():
    a = "whsec_Tq3nV8xLr2Kp7Wd9Yb4Hc6Mf1Zs5Ja0E"
    b = "whsec_Lm8Qw2Er5Ty7Ui9Op1As3Df6Gh4Jk0Zx"
    other = "whsec_0000000000000000000000000000000X"
    t = 1796000000
    spec_body = (
        '{"id":"evt_9f2c4a7e1b3d5f60","type":"order.shipped","created_at":"2026-11-30T00:53:20Z",'
        '"data":{"object":{"order_no":"ORD9F2C4A7E1B3D","status":"shipped","tracking_no":"YT2233445566",'
        '"carrier":"YunExpress"}}}'
    )
    unicode_body = js_json({"id": "evt_00000000000000a1", "type": "credit.low", "created_at": "2026-11-28T21:00:00Z",
                            "data": {"object": {"currency": "USD", "credit_limit": "100.00", "used": "95.50",
                                                "available": "4.50", "utilization_percent": "95.50",
                                                "status": "active", "note": "café 東京 ✓"}}})
    return {
        "scheme": "Webhooks (docs/spec/webhooks.md)",
        "generator": "test/independent/generate_vectors.py (hmac)",
        "note": "v1 = hex(HMAC-SHA256(secret ASCII incl. whsec_, '<t>.' + raw body bytes)); checks: verify(body, header, secret, now) with tolerance 300",
        "vectors": [
            webhook_vector("spec-two-secrets", "webhooks.md known-answer vector", spec_body, t, [a, b],
                           published=["c21b5a9cbb6bfc479c9a6b4e14275352d3a5d4ba072e36c1748fa131c05a7bf9",
                                      "8a7c1f7603f197ff6ec67dd828e0773b64188f8cc84534b4740d207766770b21"],
                           checks=[(a, t, "ok"), (b, t, "ok"), (a, t - 300, "ok"), (b, t + 300, "ok"),
                                   (a, t + 301, "ERR_WEBHOOK_TIMESTAMP"), (b, t + 301, "ERR_WEBHOOK_TIMESTAMP"),
                                   (a, t - 301, "ERR_WEBHOOK_TIMESTAMP"), (other, t, "ERR_WEBHOOK_SIGNATURE")]),
            webhook_vector("non-ascii-body", "generated", unicode_body, 1795000000,
                           ["whsec_AbCdEfGhIjKlMnOpQrStUvWxYz012345"],
                           checks=[("whsec_AbCdEfGhIjKlMnOpQrStUvWxYz012345", 1795000000, "ok"),
                                   (a, 1795000000, "ERR_WEBHOOK_SIGNATURE")]),
            webhook_vector("empty-object-body", "generated", "{}", 1, [b], checks=[(b, 1, "ok"), (b, 302, "ERR_WEBHOOK_TIMESTAMP")]),
        ],
    }


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for file, build in [("bend-v1.json", bend), ("action-api.json", action), ("walltech.json", walltech), ("webhooks.json", webhooks)]:
        (OUT / file).write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", OUT / file)
