"""A Tradepost webhook receiver in Python 3 (standard library only).
Run: WEBHOOK_SECRET=whsec_… PORT=8000 python3 receiver.py"""
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("WEBHOOK_SECRET", "").encode("ascii")
TOLERANCE = 300
seen = set()  # dedupe on the event id: delivery is at least once


def verify(raw: bytes, header: str) -> bool:
    timestamp, candidates = None, []
    for element in (header or "").split(","):
        key, _, value = element.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    expected = hmac.new(SECRET, str(timestamp).encode("ascii") + b"." + raw, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        return False
    return abs(time.time() - timestamp) <= TOLERANCE


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))  # the raw bytes
        if not verify(raw, self.headers.get("Tradepost-Signature")):
            print("rejected signature", flush=True)
            self.send_response(400)
            self.end_headers()
            return
        event = json.loads(raw)
        if event["id"] not in seen:
            seen.add(event["id"])
        print(f"verified {event['id']} {event['type']}", flush=True)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Receiver).serve_forever()
