"""An independent WallTech (eTower-style) client: Python standard library only, written from
walltech.md, sharing no code with the TypeScript signer.

usage: walltech_client.py BASE_URL TOKEN SECRET_KEY GOODS_ID SKU_ID [DATE_STYLE]
       DATE_STYLE: gmt (default, 'GMT'), numeric (formatdate(): '-0000'),
                   local (formatdate(localtime=True): the TZ's offset, e.g. '+0800'),
                   raw_gmt_time_with_local_zone (the UTC clock labelled with TZ's offset: a bug)
       walltech_client.py --vectors   (prints the signatures of the spec's reference vectors)
Prints one JSON object: the products, credit and order responses.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import urllib.error
import urllib.request
from email.utils import formatdate


def sign(secret_key, method, date, url):
    string_to_sign = method.upper() + '\n' + date + '\n' + url
    digest = hmac.new(secret_key.encode('utf-8'), string_to_sign.encode('utf-8'), hashlib.sha1).digest()
    return base64.b64encode(digest).decode('ascii')


def wall_date(style):
    # How integrations in the wild build the header: Python's own RFC 2822 formatter.
    if style == 'numeric':
        return formatdate()
    if style == 'local':
        return formatdate(localtime=True)
    if style == 'raw_gmt_time_with_local_zone':
        return formatdate(usegmt=True)[:-3] + formatdate(localtime=True)[-5:]
    return formatdate(usegmt=True)


def call(url, token, secret_key, method='GET', body=None, style='gmt'):
    date = wall_date(style)
    headers = {
        'X-WallTech-Date': date,
        'Authorization': 'WallTech %s:%s' % (token, sign(secret_key, method, date, url)),
        'Content-Type': 'application/json',
        'Accept': 'application/json',
    }
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read().decode('utf-8'))
    except urllib.error.HTTPError as e:  # 4xx answers still carry {"code","message","data"}
        return json.loads(e.read().decode('utf-8'))


def main():
    if sys.argv[1:] == ['--vectors']:
        url = 'http://qa.etowertech.com/services/shipper/orders'
        for date in ('Fri, 16 Dec 2022 18:38:45 GMT', 'Fri, 16 Dec 2022 20:02:56 GMT'):
            print(sign('I7MIjTQBMZNXToMTA2PkOw', 'POST', date, url))
        return
    base_url, token, secret_key, goods_id, sku_id = sys.argv[1:6]
    style = sys.argv[6] if len(sys.argv) > 6 else 'gmt'
    api = base_url + '/api/v1'
    products = call(api + '/products?page=1&page_size=5', token, secret_key, style=style)
    credit = call(api + '/credit', token, secret_key, style=style)
    order = call(api + '/orders', token, secret_key, 'POST', {
        'goods_id': goods_id,
        'sku_id': sku_id,
        'quantity': 3,
        'merchant_order_no': 'PY-WT-%s-%s' % (style, os.environ.get('TZ', '')),
        'shipping_address': {
            'name': 'Katherine Johnson', 'phone': '+1 757 555 0100', 'address': '1 Langley Blvd',
            'city': 'Hampton', 'country': 'US', 'postal_code': '23681',
        },
    }, style=style)
    print(json.dumps({'products': products, 'credit': credit, 'order': order}))


if __name__ == '__main__':
    main()
