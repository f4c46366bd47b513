"""The seed's "API call in Python" example (SellerCenter docs), brought up to Python 3.

Changes from the seed, and only these: urllib.urlencode -> urllib.parse.urlencode with
quote_via=quote (RFC 3986: spaces as %20, not +), HMAC over bytes, the request actually sent
with urllib.request, and the parameters read from the command line instead of hard-coded.

usage: seed_example.py BASE_URL USER_ID API_KEY GOODS_ID SKU_ID
       seed_example.py --vector   (prints the spec's FeedList reference Signature)
Prints one JSON object: the GetProducts, GetCredit and CreateOrder responses.
"""
import json
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from hashlib import sha256
from hmac import HMAC


def call(base_url, user_id, api_key, action, extra=None, body=None):
    parameters = {
        'UserID': user_id,
        'Version': '1.0',
        'Action': action,
        'Format': 'JSON',
        'Timestamp': datetime.now(timezone.utc).isoformat(timespec='seconds'),
    }
    parameters.update(extra or {})
    concatenated = urllib.parse.urlencode(sorted(parameters.items()), quote_via=urllib.parse.quote, safe='')
    parameters['Signature'] = HMAC(api_key.encode('ascii'), concatenated.encode('utf-8'), sha256).hexdigest()
    url = base_url + '/api/action?' + urllib.parse.urlencode(parameters, quote_via=urllib.parse.quote, safe='')
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = urllib.request.Request(url, data=data, method='GET' if body is None else 'POST')
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read().decode('utf-8'))


def seed_vector():
    """The seed's own example, with the spec's fixed Timestamp: must print the published Signature."""
    parameters = {
        'UserID': 'look@me.com',
        'Version': '1.0',
        'Action': 'FeedList',
        'Format': 'XML',
        'Timestamp': '2015-07-01T11:11:11+00:00',
    }
    api_key = 'b1bdb357ced10fe4e9a69840cdd4f0e9c03d77fe'
    concatenated = urllib.parse.urlencode(sorted(parameters.items()), quote_via=urllib.parse.quote, safe='')
    return HMAC(api_key.encode('ascii'), concatenated.encode('utf-8'), sha256).hexdigest()


def main():
    if sys.argv[1:] == ['--vector']:
        print(seed_vector())
        return
    base_url, user_id, api_key, goods_id, sku_id = sys.argv[1:6]
    products = call(base_url, user_id, api_key, 'GetProducts', {'Page': '1', 'PageSize': '10'})
    credit = call(base_url, user_id, api_key, 'GetCredit')
    order = call(base_url, user_id, api_key, 'CreateOrder', body={
        'goods_id': goods_id,
        'sku_id': sku_id,
        'quantity': 1,
        'merchant_order_no': 'PY-SEED-1',
        'shipping_address': {
            'name': 'Grace Hopper', 'phone': '+1 202 555 0100', 'address': '1 Navy Yard',
            'city': 'Washington', 'country': 'US', 'postal_code': '20374',
        },
    })
    print(json.dumps({'products': products, 'credit': credit, 'order': order}))


if __name__ == '__main__':
    main()
