#!/usr/bin/env python3
"""Recomputes every vector in test/vectors/*.json with Python (cryptography + stdlib), independently
of the TypeScript implementation. Prints `checked N vectors` and exits 0 only if all of them hold;
test/independent.test.ts runs it and compares N with the number of vectors in the files."""
import base64
import hashlib
import hmac
import json
import pathlib
import sys
from urllib.parse import parse_qsl, quote

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VECTORS = pathlib.Path(__file__).resolve().parent.parent / "vectors"
failures = []
checked = 0


def expect(name, what, got, want):
    if got != want:
        failures.append(f"{name}: {what}: got {got!r}, want {want!r}")


def check_bend(v):
    name = v["name"]
    for field in ("secretKey", "signKey"):
        expect(name, field + " form", len(v[field]) == 32 and v[field].isascii() and v[field].isalnum(), True)
    if v["plaintext"] is None:
        expect(name, "data of an empty GET", v["data"], "")
    else:
        key = AESGCM(v["secretKey"].encode("ascii"))
        iv = bytes.fromhex(v["iv"])
        data = base64.b64encode(iv + key.encrypt(iv, v["plaintext"].encode("utf-8"), None)).decode("ascii")
        expect(name, "data", data, v["data"])
        raw = base64.b64decode(v["data"], validate=True)
        expect(name, "iv prefix", raw[:12].hex(), v["iv"])
        expect(name, "decrypted", key.decrypt(raw[:12], raw[12:], None).decode("utf-8"), v["plaintext"])
        if "params" in v and v.get("method") == "POST":
            expect(name, "plaintext is the params", json.loads(v["plaintext"]), v["params"])
    sign_string = json.dumps(
        {"timestamp": v["timestamp"], "nonce": v["nonce"], "data": v["data"], "app_id": v["app_id"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    expect(name, "signString", sign_string, v["signString"])
    sign = hmac.new(v["signKey"].encode("ascii"), sign_string.encode("utf-8"), hashlib.sha256).hexdigest()
    expect(name, "sign", sign, v["sign"])


def check_action(v):
    name = v["name"]
    wire = parse_qsl(v["query"], keep_blank_values=True, strict_parsing=True, errors="strict")
    signature = [value for key, value in wire if key == "Signature"]
    params = [(key, value) for key, value in wire if key != "Signature"]
    expect(name, "decoded wire params", sorted(params), sorted(tuple(p) for p in v["params"]))
    params.sort(key=lambda p: (p[0].encode("utf-8"), p[1].encode("utf-8")))
    sts = "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in params)
    expect(name, "stringToSign", sts, v["stringToSign"])
    mac = hmac.new(v["apiKey"].encode("ascii"), sts.encode("utf-8"), hashlib.sha256).hexdigest()
    expect(name, "signature", mac, v["signature"])
    expect(name, "wire signature", signature, [v["signature"]])


def check_walltech(v):
    name = v["name"]
    sts = "\n".join([v["method"], v["date"], v["url"]])
    expect(name, "stringToSign", sts, v["stringToSign"])
    mac = hmac.new(v["secretKey"].encode("utf-8"), sts.encode("utf-8"), hashlib.sha1).digest()
    expect(name, "signature", base64.b64encode(mac).decode("ascii"), v["signature"])
    if "token" in v:
        expect(name, "authorization", v["authorization"], f"WallTech {v['token']}:{v['signature']}")


def verify_webhook(body, header, secret, now, tolerance=300):
    """webhooks.md "Receivers verify", written from the spec: parse, recompute, compare any v1, then the clock."""
    parts = dict()
    v1 = []
    for element in header.split(","):
        key, _, value = element.partition("=")
        if key == "v1":
            v1.append(value)
        else:
            parts[key] = value
    t = int(parts["t"])
    mac = hmac.new(secret.encode("ascii"), str(t).encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(mac, candidate) for candidate in v1):
        return "ERR_WEBHOOK_SIGNATURE"
    return "ok" if abs(now - t) <= tolerance else "ERR_WEBHOOK_TIMESTAMP"


def check_webhook(v):
    name = v["name"]
    body = v["body"].encode("utf-8")
    expect(name, "body bytes", len(body), v["bodyBytes"])
    for secret in v["secrets"]:
        expect(name, "secret form", secret.startswith("whsec_") and len(secret) == 38 and secret[6:].isascii() and secret[6:].isalnum(), True)
    sigs = [hmac.new(s.encode("ascii"), f"{v['timestamp']}.".encode("ascii") + body, hashlib.sha256).hexdigest() for s in v["secrets"]]
    expect(name, "signatures", sigs, v["signatures"])
    expect(name, "header", ",".join([f"t={v['timestamp']}"] + [f"v1={s}" for s in sigs]), v["header"])
    for c in v["checks"]:
        expect(name, f"verify at {c['now']}", verify_webhook(body, v["header"], c["secret"], c["now"]), c["expect"])


for file, check in [("bend-v1.json", check_bend), ("action-api.json", check_action), ("walltech.json", check_walltech),
                    ("webhooks.json", check_webhook)]:
    vectors = json.loads((VECTORS / file).read_text(encoding="utf-8"))["vectors"]
    for vector in vectors:
        try:
            check(vector)
        except Exception as err:  # a vector that cannot even be processed is a failure, not a crash
            failures.append(f"{vector.get('name')}: {type(err).__name__}: {err}")
        checked += 1

for failure in failures:
    print("FAIL", failure, file=sys.stderr)
print(f"checked {checked} vectors")
sys.exit(1 if failures else 0)
