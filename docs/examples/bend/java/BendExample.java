// Tradepost B-End API v1 — complete client in Java 17, JDK only (javax.crypto + java.net.http).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_APP_ID=app_… TRADEPOST_SECRET_KEY=… TRADEPOST_SIGN_KEY=… java BendExample.java
// The JDK has no JSON library, so this file carries a minimal one at the bottom; in a real project
// use Jackson or Gson — the protocol only needs a JSON object's text and its parsed values.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.*;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

public class BendExample {
    static final String GIVEN_BASE_URL = System.getenv("TRADEPOST_BASE_URL"), APP_ID = System.getenv("TRADEPOST_APP_ID");
    static final byte[] SECRET_KEY = required("TRADEPOST_SECRET_KEY").getBytes(US_ASCII);
    static final byte[] SIGN_KEY = required("TRADEPOST_SIGN_KEY").getBytes(US_ASCII);
    static {
        if (GIVEN_BASE_URL == null || GIVEN_BASE_URL.isEmpty() || APP_ID == null || APP_ID.isEmpty()) fail("set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY");
        if (!GIVEN_BASE_URL.replaceAll("/+$", "").endsWith("/api/v1"))
            fail("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)");
    }
    static final String BASE_URL = GIVEN_BASE_URL.replaceAll("/+$", ""); // paths below start with "/"
    static final SecureRandom RANDOM = new SecureRandom();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) fail("set TRADEPOST_BASE_URL, TRADEPOST_APP_ID, TRADEPOST_SECRET_KEY, TRADEPOST_SIGN_KEY");
        return value;
    }

    /** data = Base64(iv || ciphertext || tag); Java's GCM output is already ciphertext || tag. */
    static String encrypt(String plaintext) throws Exception {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(SECRET_KEY, "AES"), new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
        byte[] out = Arrays.copyOf(iv, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return Base64.getEncoder().encodeToString(out);
    }

    static String decrypt(String data) throws Exception {
        byte[] raw = Base64.getDecoder().decode(data);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(SECRET_KEY, "AES"), new GCMParameterSpec(128, raw, 0, 12));
        return new String(cipher.doFinal(raw, 12, raw.length - 12), UTF_8);
    }

    /** hex HMAC-SHA256(Sign Key, compact JSON of app_id, data, nonce, timestamp; keys in ASCII order). */
    static String sign(Map<String, Object> f) throws Exception {
        var sorted = new TreeMap<String, Object>();
        for (String k : List.of("app_id", "data", "nonce", "timestamp")) sorted.put(k, f.get(k));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGN_KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(Json.write(sorted).getBytes(UTF_8)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String method, String path, Map<String, Object> params) throws Exception {
        // GET params are strings; no params at all = data "" (nothing is encrypted).
        String data = params.isEmpty() ? "" : encrypt(Json.write(params));
        byte[] nonceBytes = new byte[16];
        RANDOM.nextBytes(nonceBytes);
        Map<String, Object> fields = Map.of("app_id", APP_ID, "data", data,
                "nonce", HexFormat.of().formatHex(nonceBytes), "timestamp", String.valueOf(System.currentTimeMillis() / 1000));
        String url = BASE_URL + path;
        if (method.equals("GET") && !data.isEmpty()) url += "?data=" + URLEncoder.encode(data, UTF_8);
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("App-ID", APP_ID).header("Timestamp", (String) fields.get("timestamp"))
                .header("Nonce", (String) fields.get("nonce")).header("Sign", sign(fields));
        if (method.equals("GET")) request.GET();
        else request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("data", data))));
        // Business errors come with HTTP 4xx, still as an envelope: read the body whatever the status.
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.body().isBlank()) throw new IllegalStateException("HTTP " + response.statusCode() + ", empty body");
        var envelope = (Map<String, Object>) Json.parse(response.body());

        if (!envelope.containsKey("sign")) {
            // Only the pre-authentication failures 1001–1007 are sent unsigned.
            long code = envelope.get("code") instanceof Long c ? c : 0;
            if (code >= 1001 && code <= 1007) throw new IllegalStateException("B-End " + code + ": " + envelope.get("message"));
            throw new IllegalStateException("unsigned response refused");
        }
        // Verify BEFORE decrypting: our App, a matching signature (constant time), a fresh timestamp.
        boolean signOk = MessageDigest.isEqual(sign(envelope).getBytes(US_ASCII), String.valueOf(envelope.get("sign")).getBytes(US_ASCII));
        if (!APP_ID.equals(envelope.get("app_id")) || !signOk) throw new IllegalStateException("response signature mismatch");
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong((String) envelope.get("timestamp"))) > 300)
            throw new IllegalStateException("stale response");
        return (Map<String, Object>) Json.parse(decrypt((String) envelope.get("data"))); // {code, message, data}
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ok(Map<String, Object> response) {
        if ((Long) response.get("code") != 0)
            throw new IllegalStateException("B-End " + response.get("code") + ": " + response.get("message"));
        return (Map<String, Object>) response.get("data");
    }

    static final int QUANTITY = 2;

    /** The product's first SKU on sale with QUANTITY in stock, if any. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> orderableSku(Map<String, Object> p) {
        if (!"on_sale".equals(p.get("status"))) return Optional.empty();
        return ((List<Map<String, Object>>) p.get("skus")).stream()
                .filter(s -> "on_sale".equals(s.get("status")) && (Long) s.get("stock") >= QUANTITY).findFirst();
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        var page = ok(call("GET", "/products", Map.of("page", "1", "page_size", "10")));
        // The first SKU on the page that can be ordered: the first product may have none on sale or in stock.
        var first = ((List<Map<String, Object>>) page.get("items")).stream()
                .filter(p -> orderableSku(p).isPresent()).findFirst();
        if (first.isEmpty()) {
            System.err.println("No product on the first page has a SKU on sale with " + QUANTITY + " in stock: nothing to order.");
            System.exit(1);
        }
        var product = ok(call("GET", "/products/" + URLEncoder.encode((String) first.get().get("goods_id"), UTF_8), Map.of()));
        var sku = orderableSku(product).orElse(null);
        if (sku == null) {
            System.err.println(product.get("goods_id") + " has no SKU on sale with " + QUANTITY + " in stock any more: run again.");
            System.exit(1);
        }

        String merchantOrderNo = Optional.ofNullable(System.getenv("MERCHANT_ORDER_NO")).orElse("java-" + System.currentTimeMillis());
        var orderRequest = new LinkedHashMap<String, Object>();
        orderRequest.put("goods_id", product.get("goods_id"));
        orderRequest.put("sku_id", sku.get("sku_id"));
        orderRequest.put("quantity", QUANTITY);
        orderRequest.put("merchant_order_no", merchantOrderNo);
        orderRequest.put("shipping_address", Map.of("name", "Ada Lovelace", "phone", "+44 20 7946 0000",
                "address", "12 St James Square", "city", "London", "country", "GB", "postal_code", "SW1Y 4JH"));
        var order = ok(call("POST", "/orders", orderRequest));

        // Idempotency: the same merchant_order_no again is refused with 2002 and charges nothing.
        var again = call("POST", "/orders", orderRequest);
        var againData = (Map<String, Object>) again.get("data");

        // Your pending orders, newest first (v1.1); then cancel this one: it is refunded at once.
        var pending = ok(call("GET", "/orders", Map.of("page", "1", "page_size", "10", "status", "pending")));
        var pendingItems = (List<Map<String, Object>>) pending.get("items");
        var orderPath = "/orders/" + URLEncoder.encode((String) order.get("order_no"), UTF_8);
        var cancelled = ok(call("POST", orderPath + "/cancel", Map.of("reason", "example: changed my mind")));

        var credit = ok(call("GET", "/credit", Map.of()));

        var summary = new LinkedHashMap<String, Object>();
        summary.put("products_total", page.get("total"));
        summary.put("goods_id", product.get("goods_id"));
        summary.put("sku_id", sku.get("sku_id"));
        summary.put("order_no", order.get("order_no"));
        summary.put("merchant_order_no", order.get("merchant_order_no"));
        summary.put("amount", order.get("amount"));
        summary.put("duplicate_code", again.get("code"));
        summary.put("duplicate_order_no", againData == null ? null : againData.get("order_no"));
        summary.put("pending_total", pending.get("total"));
        summary.put("pending_first", pendingItems.isEmpty() ? null : pendingItems.get(0).get("order_no"));
        summary.put("cancelled_status", cancelled.get("status"));
        summary.put("refund_reference_no", cancelled.get("refund_reference_no"));
        summary.put("available", credit.get("available"));
        System.out.println(Json.write(summary));
    }

    /** Just enough JSON: objects, arrays, strings, integers/decimals, booleans, null. */
    static final class Json {
        static String write(Object v) {
            if (v == null) return "null";
            if (v instanceof String s) {
                var b = new StringBuilder("\"");
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') b.append('\\').append(c);
                    else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
                return b.append('"').toString();
            }
            if (v instanceof Map<?, ?> m) {
                var parts = new ArrayList<String>();
                m.forEach((k, val) -> parts.add(write(k) + ":" + write(val)));
                return "{" + String.join(",", parts) + "}";
            }
            if (v instanceof List<?> l) return "[" + String.join(",", l.stream().map(Json::write).toList()) + "]";
            return v.toString(); // Number, Boolean
        }

        static Object parse(String text) {
            var p = new Json(text);
            Object v = p.value();
            p.ws();
            if (p.i != text.length()) throw new IllegalArgumentException("trailing JSON at " + p.i);
            return v;
        }

        private final String s;
        private int i;

        private Json(String s) { this.s = s; }

        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                var m = new LinkedHashMap<String, Object>();
                i++; ws();
                if (s.charAt(i) == '}') { i++; return m; }
                do { ws(); String k = string(); ws(); i++; m.put(k, value()); ws(); } while (s.charAt(i++) == ',');
                return m;
            }
            if (c == '[') {
                var l = new ArrayList<Object>();
                i++; ws();
                if (s.charAt(i) == ']') { i++; return l; }
                do { l.add(value()); ws(); } while (s.charAt(i++) == ',');
                return l;
            }
            if (c == '"') return string();
            for (var lit : List.of("true", "false", "null"))
                if (s.startsWith(lit, i)) { i += lit.length(); return lit.equals("null") ? null : Boolean.valueOf(lit); }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String n = s.substring(start, i);
            return n.matches("-?\\d+") ? (Object) Long.valueOf(n) : (Object) Double.valueOf(n);
        }

        private String string() {
            var b = new StringBuilder();
            i++; // opening quote
            for (char c; (c = s.charAt(i++)) != '"'; ) {
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n'); case 't' -> b.append('\t'); case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b'); case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> b.append(e); // \" \\ \/
                }
            }
            return b.toString();
        }
    }
}
