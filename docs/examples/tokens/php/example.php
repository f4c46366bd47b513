<?php
// Tradepost API tokens (WallTech header signing) — a first client in PHP >= 7.4: hash_hmac + file_get_contents (no curl needed).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_TOKEN=… TRADEPOST_TOKEN_SECRET=… php example.php
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
declare(strict_types=1);

$baseUrl = rtrim((string) getenv('TRADEPOST_BASE_URL'), '/'); // …/api/v1, the B-End API's paths
$token = getenv('TRADEPOST_TOKEN');
$secret = getenv('TRADEPOST_TOKEN_SECRET');
if (!$baseUrl || !$token || !$secret) {
    fwrite(STDERR, "set TRADEPOST_BASE_URL, TRADEPOST_TOKEN and TRADEPOST_TOKEN_SECRET (the token's Secret Key)\n");
    exit(1);
}
if (substr($baseUrl, -7) !== '/api/v1') {
    fwrite(STDERR, "TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)\n");
    exit(1);
}

function fail(string $message): void
{
    fwrite(STDERR, $message . "\n");
    exit(1);
}

/** Signs and sends one request; returns the answer's data, or exits when its code is not 0. */
function call(string $method, string $path, ?array $body = null): array
{
    global $baseUrl, $token, $secret;
    $url = $baseUrl . $path; // exactly the URL sent, query included: it is what is signed
    $date = gmdate('D, d M Y H:i:s') . ' GMT'; // RFC 1123: Wed, 02 Dec 2026 10:00:00 GMT
    $signature = base64_encode(hash_hmac('sha1', "$method\n$date\n$url", $secret, true));
    $http = [
        'method' => $method,
        'ignore_errors' => true, // 4xx answers carry the same {code, message, data}
        'timeout' => 30,
        'header' => implode("\r\n", ["X-WallTech-Date: $date", "Authorization: WallTech $token:$signature",
            'Content-Type: application/json', 'Accept: application/json']),
    ];
    if ($body !== null) {
        $http['content'] = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }
    $text = @file_get_contents($url, false, stream_context_create(['http' => $http]));
    if ($text === false) fail("$method $path: no answer from $url");
    $answer = json_decode($text, true);
    if (!is_array($answer) || !isset($answer['code'])) fail("$method $path: " . ($http_response_header[0] ?? 'no status'));
    if ($answer['code'] !== 0) fail("$method $path failed: code {$answer['code']}: {$answer['message']}");
    return $answer['data'];
}

const QUANTITY = 2;
$credit = call('GET', '/credit');
$page = call('GET', '/products?' . http_build_query(['page' => 1, 'page_size' => 10]));
// The first SKU on the page that can be ordered: on sale, with the quantity in stock.
$product = $sku = null;
foreach ($page['items'] as $p) {
    foreach ($p['skus'] as $s) {
        if ($p['status'] === 'on_sale' && $s['status'] === 'on_sale' && $s['stock'] >= QUANTITY) {
            [$product, $sku] = [$p, $s];
            break 2;
        }
    }
}
if ($sku === null) fail('No product on the first page has a SKU on sale with ' . QUANTITY . ' in stock: nothing to order.');

$order = call('POST', '/orders', [
    'goods_id' => $product['goods_id'],
    'sku_id' => $sku['sku_id'],
    'quantity' => QUANTITY,
    // Always send one: a retried (or replayed) order then answers 2002 and charges nothing.
    'merchant_order_no' => getenv('MERCHANT_ORDER_NO') ?: 'php-' . (int) (microtime(true) * 1000),
    'shipping_address' => [
        'name' => 'Ada Lovelace',
        'phone' => '+44 20 7946 0000',
        'address' => '12 St James Square',
        'city' => 'London',
        'country' => 'GB',
        'postal_code' => 'SW1Y 4JH',
    ],
]);
$readBack = call('GET', '/orders/' . rawurlencode($order['order_no']));
$after = call('GET', '/credit');

echo json_encode([
    'available_before' => $credit['available'],
    'products_total' => $page['total'],
    'goods_id' => $product['goods_id'],
    'sku_id' => $sku['sku_id'],
    'order_no' => $order['order_no'],
    'merchant_order_no' => $order['merchant_order_no'],
    'amount' => $order['amount'],
    'read_back_order_no' => $readBack['order_no'],
    'read_back_status' => $readBack['status'],
    'available_after' => $after['available'],
], JSON_UNESCAPED_SLASHES), "\n";
