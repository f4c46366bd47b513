<?php
// Tradepost Action API (SellerCenter signing) — a first client in PHP >= 7.4: hash_hmac + file_get_contents (no curl needed).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_USER_ID=buyer@acme.test TRADEPOST_API_KEY=… php example.php
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
declare(strict_types=1);

$baseUrl = getenv('TRADEPOST_BASE_URL'); // …/api/v1, as for the B-End API
$userId = getenv('TRADEPOST_USER_ID');
$apiKey = getenv('TRADEPOST_API_KEY');
if (!$baseUrl || !$userId || !$apiKey) {
    fwrite(STDERR, "set TRADEPOST_BASE_URL, TRADEPOST_USER_ID (your login e-mail) and TRADEPOST_API_KEY\n");
    exit(1);
}
if (!preg_match('#/api/v1/*$#', $baseUrl)) {
    fwrite(STDERR, "TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)\n");
    exit(1);
}
// The Action API is beside the B-End API: …/api/v1 → …/api/action.
$actionUrl = preg_replace('~/[^/]*$~', '', rtrim($baseUrl, '/')) . '/action';

function fail(string $message): void
{
    fwrite(STDERR, $message . "\n");
    exit(1);
}

/** Signs and sends one action; returns the SuccessResponse's Body, or exits on an ErrorResponse. */
function call(string $action, array $params = [], ?array $body = null): array
{
    global $actionUrl, $userId, $apiKey;
    $query = ['Action' => $action, 'UserID' => $userId, 'Version' => '1.0', 'Format' => 'JSON',
        'Timestamp' => gmdate('Y-m-d\TH:i:s+00:00')] + $params;
    // The string to sign: every parameter but Signature, sorted by name (bytes), RFC 3986-encoded
    // (rawurlencode), joined by &.
    ksort($query, SORT_STRING);
    $pairs = [];
    foreach ($query as $name => $value) $pairs[] = rawurlencode($name) . '=' . rawurlencode($value);
    $toSign = implode('&', $pairs);
    $url = "$actionUrl?$toSign&Signature=" . hash_hmac('sha256', $toSign, $apiKey);

    $http = ['method' => 'GET', 'ignore_errors' => true, 'timeout' => 30];
    if ($body !== null) { // CreateOrder must be a POST
        $http['method'] = 'POST';
        $http['header'] = 'Content-Type: application/json';
        $http['content'] = json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }
    $text = @file_get_contents($url, false, stream_context_create(['http' => $http]));
    if ($text === false) fail("Action API $action: no answer from $actionUrl");
    // The Action API answers 200 even for errors: anything else is not it.
    $status = $http_response_header[0] ?? '';
    if (!preg_match('~^HTTP/\S+ 200~', $status)) fail("Action API $action: $status");
    $answer = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    if (isset($answer['ErrorResponse'])) {
        $head = $answer['ErrorResponse']['Head'];
        fail("Action API $action failed: ErrorCode {$head['ErrorCode']}: {$head['ErrorMessage']}");
    }
    return $answer['SuccessResponse']['Body'];
}

const QUANTITY = 2;
$credit = call('GetCredit');
$page = call('GetProducts', ['Page' => '1', 'PageSize' => '10']);
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

$order = call('CreateOrder', [], [
    'goods_id' => $product['goods_id'],
    'sku_id' => $sku['sku_id'],
    'quantity' => QUANTITY,
    // Always send one: a retried (or replayed) CreateOrder then answers 2002 and charges nothing.
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
$readBack = call('GetOrder', ['OrderNo' => $order['order_no']]);
$after = call('GetCredit');

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
