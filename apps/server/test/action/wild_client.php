<?php
// An Action API client written the way the public SellerCenter PHP SDKs write it, sharing no code
// with Tradepost: parameters ksort-ed and signed over http_build_query(..., PHP_QUERY_RFC3986),
// every POST body gzipped and labelled text/html, every XML field escaped with htmlentities().
//
// usage: php wild_client.php BASE_URL USER_ID API_KEY GOODS_ID SKU_ID MERCHANT_ORDER_NO NAME
// Prints one JSON object: {"order": <CreateOrder answer>, "fetched": <GetOrder by OrderId answer>}.

function signed_url($base, $userId, $apiKey, $action, $extra = [])
{
    $params = array_merge([
        'Action' => $action,
        'Format' => 'JSON',
        'Timestamp' => gmdate('Y-m-d\TH:i:sP'),   // 2026-11-28T19:45:52+00:00
        'UserID' => $userId,
        'Version' => '1.0',
    ], $extra);
    ksort($params);
    $query = http_build_query($params, '', '&', PHP_QUERY_RFC3986);
    $params['Signature'] = rawurlencode(hash_hmac('sha256', $query, $apiKey, false));
    return $base . '/api/action?' . $query . '&Signature=' . $params['Signature'];
}

function call($url, $body = null)
{
    $opts = ['http' => ['method' => 'GET', 'ignore_errors' => true, 'timeout' => 20]];
    if ($body !== null) {
        $opts['http']['method'] = 'POST';
        $opts['http']['header'] = "Content-Type: text/html\r\nContent-Encoding: gzip\r\n";
        $opts['http']['content'] = gzencode($body);
    }
    $text = file_get_contents($url, false, stream_context_create($opts));
    return json_decode($text, true);
}

// PHP 8's default flags: ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML401 (' becomes &#039;).
function e($s)
{
    return htmlentities($s);
}

[$script, $base, $userId, $apiKey, $goodsId, $skuId, $merchantOrderNo, $name] = $argv;
$xml = '<?xml version="1.0" encoding="UTF-8"?><Request><Order>'
    . '<GoodsId>' . e($goodsId) . '</GoodsId><SkuId>' . e($skuId) . '</SkuId><Quantity>1</Quantity>'
    . '<MerchantOrderNo>' . e($merchantOrderNo) . '</MerchantOrderNo>'
    . '<ShippingAddress><Name>' . e($name) . '</Name><Phone>+34 600 000 000</Phone>'
    . '<Address>' . e('Calle Mayor 1, 2º') . '</Address><City>' . e('A Coruña') . '</City>'
    . '<Country>ES</Country><PostalCode>15001</PostalCode></ShippingAddress>'
    . '</Order></Request>';
$order = call(signed_url($base, $userId, $apiKey, 'CreateOrder'), $xml);
$orderNo = $order['SuccessResponse']['Body']['order_no'] ?? '';
$fetched = call(signed_url($base, $userId, $apiKey, 'GetOrder', ['OrderId' => $orderNo]));
echo json_encode(['order' => $order, 'fetched' => $fetched, 'sent' => $xml]);
