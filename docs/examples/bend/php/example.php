<?php
// Tradepost B-End API v1 — complete client in PHP >= 7.4: ext-openssl + file_get_contents (no curl needed).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_APP_ID=app_… TRADEPOST_SECRET_KEY=… TRADEPOST_SIGN_KEY=… php example.php
declare(strict_types=1);

$baseUrl = getenv('TRADEPOST_BASE_URL');
$appId = getenv('TRADEPOST_APP_ID');
$secretKey = getenv('TRADEPOST_SECRET_KEY'); // 32 ASCII chars = the AES-256 key bytes
$signKey = getenv('TRADEPOST_SIGN_KEY');
if (!$baseUrl || !$appId || !$secretKey || !$signKey) {
    fwrite(STDERR, "set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY\n");
    exit(1);
}
if (!preg_match('#/api/v1/*$#', $baseUrl)) {
    fwrite(STDERR, "TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)\n");
    exit(1);
}
$baseUrl = rtrim($baseUrl, '/'); // paths below start with "/"

// JSON exactly as the protocol means it: PHP escapes "/" as "\/" by default, which would change
// the sign string (Base64 contains "/") — always pass JSON_UNESCAPED_SLASHES.
function to_json($value): string
{
    return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
}

/** data = Base64(iv || ciphertext || tag), AES-256-GCM, 12-byte IV, 16-byte tag, no AAD. */
function encrypt(string $plaintext, string $secretKey): string
{
    $iv = random_bytes(12);
    $ciphertext = openssl_encrypt($plaintext, 'aes-256-gcm', $secretKey, OPENSSL_RAW_DATA, $iv, $tag, '', 16);
    return base64_encode($iv . $ciphertext . $tag);
}

function decrypt(string $data, string $secretKey): string
{
    $raw = base64_decode($data, true);
    if ($raw === false || strlen($raw) < 28) throw new RuntimeException('undecodable response data');
    $plaintext = openssl_decrypt(substr($raw, 12, -16), 'aes-256-gcm', $secretKey, OPENSSL_RAW_DATA,
        substr($raw, 0, 12), substr($raw, -16));
    if ($plaintext === false) throw new RuntimeException('response data failed authentication');
    return $plaintext;
}

/** hex HMAC-SHA256(Sign Key, compact JSON of app_id, data, nonce, timestamp; keys in ASCII order). */
function sign(array $fields, string $signKey): string
{
    $message = ['app_id' => $fields['app_id'], 'data' => $fields['data'],
        'nonce' => $fields['nonce'], 'timestamp' => $fields['timestamp']];
    ksort($message, SORT_STRING);
    return hash_hmac('sha256', to_json($message), $signKey);
}

function call(string $method, string $path, array $params = []): array
{
    global $baseUrl, $appId, $secretKey, $signKey;
    // GET params are strings; no params at all = data "" (nothing is encrypted).
    $data = $params ? encrypt(to_json($params), $secretKey) : '';
    $fields = ['app_id' => $appId, 'data' => $data, 'nonce' => bin2hex(random_bytes(16)), 'timestamp' => (string) time()];
    $headers = ["App-ID: $appId", "Timestamp: {$fields['timestamp']}", "Nonce: {$fields['nonce']}",
        'Sign: ' . sign($fields, $signKey)];
    $url = $baseUrl . $path;
    $http = ['method' => $method, 'ignore_errors' => true, 'timeout' => 30]; // 4xx bodies are envelopes too
    if ($method === 'GET') {
        if ($data !== '') $url .= '?' . http_build_query(['data' => $data]);
    } else {
        $headers[] = 'Content-Type: application/json';
        $http['content'] = to_json(['data' => $data]);
    }
    $http['header'] = implode("\r\n", $headers);
    $body = file_get_contents($url, false, stream_context_create(['http' => $http]));
    if ($body === false) throw new RuntimeException("no answer from $url");
    $envelope = json_decode($body, true, 512, JSON_THROW_ON_ERROR);

    if (!isset($envelope['sign'])) {
        // Only the pre-authentication failures 1001–1007 are sent unsigned.
        $code = $envelope['code'] ?? 0;
        if ($code >= 1001 && $code <= 1007) throw new RuntimeException("B-End $code: {$envelope['message']}");
        throw new RuntimeException('unsigned response refused');
    }
    // Verify BEFORE decrypting: our App, a matching signature (constant time), a fresh timestamp.
    if ($envelope['app_id'] !== $appId || !hash_equals(sign($envelope, $signKey), (string) $envelope['sign'])) {
        throw new RuntimeException('response signature mismatch');
    }
    if (abs(time() - (int) $envelope['timestamp']) > 300) throw new RuntimeException('stale response');
    return json_decode(decrypt($envelope['data'], $secretKey), true, 512, JSON_THROW_ON_ERROR); // code, message, data
}

function ok(array $response): array
{
    if ($response['code'] !== 0) throw new RuntimeException("B-End {$response['code']}: {$response['message']}");
    return $response['data'];
}

const QUANTITY = 2;

/** The product's first SKU on sale with QUANTITY in stock, or null. */
function orderableSku(array $p): ?array
{
    foreach ($p['skus'] as $s) {
        if ($p['status'] === 'on_sale' && $s['status'] === 'on_sale' && $s['stock'] >= QUANTITY) return $s;
    }
    return null;
}

$page = ok(call('GET', '/products', ['page' => '1', 'page_size' => '10']));
// The first SKU on the page that can be ordered: the first product may have none on sale or in stock.
$first = current(array_filter($page['items'], fn ($p) => orderableSku($p) !== null));
if ($first === false) {
    fwrite(STDERR, 'No product on the first page has a SKU on sale with ' . QUANTITY . " in stock: nothing to order.\n");
    exit(1);
}
$product = ok(call('GET', '/products/' . rawurlencode($first['goods_id'])));
$sku = orderableSku($product);
if ($sku === null) {
    fwrite(STDERR, "{$product['goods_id']} has no SKU on sale with " . QUANTITY . " in stock any more: run again.\n");
    exit(1);
}

$orderRequest = [
    'goods_id' => $product['goods_id'],
    'sku_id' => $sku['sku_id'],
    'quantity' => QUANTITY,
    'merchant_order_no' => getenv('MERCHANT_ORDER_NO') ?: 'php-' . (int) (microtime(true) * 1000),
    'shipping_address' => [
        'name' => 'Ada Lovelace',
        'phone' => '+44 20 7946 0000',
        'address' => '12 St James Square',
        'city' => 'London',
        'country' => 'GB',
        'postal_code' => 'SW1Y 4JH',
    ],
];
$order = ok(call('POST', '/orders', $orderRequest));

// Idempotency: the same merchant_order_no again is refused with 2002 and charges nothing.
$again = call('POST', '/orders', $orderRequest);

// Your pending orders, newest first (v1.1); then cancel this one: it is refunded at once.
$pending = ok(call('GET', '/orders', ['page' => '1', 'page_size' => '10', 'status' => 'pending']));
$orderPath = '/orders/' . rawurlencode($order['order_no']);
$cancelled = ok(call('POST', "$orderPath/cancel", ['reason' => 'example: changed my mind']));

$credit = ok(call('GET', '/credit'));

echo to_json([
    'products_total' => $page['total'],
    'goods_id' => $product['goods_id'],
    'sku_id' => $sku['sku_id'],
    'order_no' => $order['order_no'],
    'merchant_order_no' => $order['merchant_order_no'],
    'amount' => $order['amount'],
    'duplicate_code' => $again['code'],
    'duplicate_order_no' => $again['data']['order_no'] ?? null,
    'pending_total' => $pending['total'],
    'pending_first' => $pending['items'][0]['order_no'] ?? null,
    'cancelled_status' => $cancelled['status'],
    'refund_reference_no' => $cancelled['refund_reference_no'],
    'available' => $credit['available'],
]), "\n";
