"""An Action API client written the way Python scripts in the wild write it, sharing no code with
Tradepost: parameters as a list of pairs with the defaults first, so asking for XML appends a
second Format (Format=JSON&Format=XML); signed over urlencode(sorted by name, quote_via=quote).
POST bodies are compressed with zlib (Content-Encoding: deflate), or raw deflate when asked.

usage: wild_client.py BASE_URL USER_ID API_KEY COMMAND [ARGS]
  get ACTION [NAME=VALUE ...]            signed GET, JSON
  get-xml ACTION [NAME=VALUE ...]        signed GET with Format repeated (JSON, then XML)
  post ACTION deflate|raw-deflate FILE   signed POST, the file's bytes compressed
Prints the response body.
"""
import hashlib
import hmac
import sys
import time
import urllib.request
import zlib
from urllib.parse import quote, urlencode


def signed_query(user_id, api_key, action, extra, xml=False):
    params = [
        ('Action', action),
        ('Format', 'JSON'),
        ('Timestamp', time.strftime('%Y-%m-%dT%H:%M:%S+00:00', time.gmtime())),
        ('UserID', user_id),
        ('Version', '1.0'),
    ] + extra
    if xml:
        params.append(('Format', 'XML'))
    # sorted() is stable: the two Format values keep the order they were added in.
    query = urlencode(sorted(params, key=lambda kv: kv[0]), quote_via=quote)
    signature = hmac.new(api_key.encode('ascii'), query.encode('utf-8'), hashlib.sha256).hexdigest()
    return query + '&Signature=' + signature


def main():
    base, user_id, api_key, command = sys.argv[1:5]
    rest = sys.argv[5:]
    data = None
    headers = {}
    if command in ('get', 'get-xml'):
        extra = [tuple(a.split('=', 1)) for a in rest[1:]]
        query = signed_query(user_id, api_key, rest[0], extra, xml=command == 'get-xml')
    else:
        action, coding, path = rest
        with open(path, 'rb') as f:
            raw = f.read()
        if coding == 'deflate':
            data = zlib.compress(raw)
        else:
            c = zlib.compressobj(wbits=-15)
            data = c.compress(raw) + c.flush()
        headers = {'Content-Type': 'application/json', 'Content-Encoding': 'deflate'}
        query = signed_query(user_id, api_key, action, [])
    request = urllib.request.Request(base + '/api/action?' + query, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=20) as response:
        sys.stdout.write(response.read().decode('utf-8'))


if __name__ == '__main__':
    main()
