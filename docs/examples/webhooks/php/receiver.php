<?php
// A Tradepost webhook receiver in PHP 8 (no extensions beyond the defaults).
// Run: WEBHOOK_SECRET=whsec_… php -S 127.0.0.1:8000 receiver.php

const TOLERANCE = 300;

function verify(string $secret, string $raw, string $header): bool
{
    $timestamp = null;
    $candidates = [];
    foreach (explode(',', $header) as $element) {
        [$key, $value] = array_pad(explode('=', trim($element), 2), 2, '');
        if ($key === 't' && ctype_digit($value)) $timestamp = (int) $value;
        elseif ($key === 'v1') $candidates[] = $value;
    }
    if ($timestamp === null || !$candidates) return false;
    $expected = hash_hmac('sha256', $timestamp . '.' . $raw, $secret);
    $matched = false;
    foreach ($candidates as $candidate) {
        if (hash_equals($expected, $candidate)) $matched = true;
    }
    return $matched && abs(time() - $timestamp) <= TOLERANCE;
}

$raw = file_get_contents('php://input'); // the raw bytes: never re-serialize before verifying
$out = fopen('php://stdout', 'w');
if (!verify(getenv('WEBHOOK_SECRET') ?: '', $raw, $_SERVER['HTTP_TRADEPOST_SIGNATURE'] ?? '')) {
    fwrite($out, "rejected signature\n");
    http_response_code(400);
    exit;
}
$event = json_decode($raw, true);
// Dedupe on $event['id'] in your store: delivery is at least once.
fwrite($out, "verified {$event['id']} {$event['type']}\n");
echo 'ok';
