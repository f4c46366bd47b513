// Tradepost Action API (SellerCenter signing) — a first client in Java 17, JDK only (javax.crypto + java.net.http).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_USER_ID=buyer@acme.test TRADEPOST_API_KEY=… java ActionExample.java
//
// Reads your credit, lists a page of products, places one order (with a merchant_order_no, so a
// retry can never charge twice) and reads it back. An error answer is printed and exits 1.
// The JDK has no JSON library, so this file carries a minimal one at the bottom; in a real project
// use Jackson or Gson.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.*;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

public class ActionExample {
    static final String BASE_URL = System.getenv("TRADEPOST_BASE_URL"); // …/api/v1, as for the B-End API
    static final String USER_ID = System.getenv("TRADEPOST_USER_ID"), API_KEY = System.getenv("TRADEPOST_API_KEY");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    /** RFC 3986: every byte but A-Z a-z 0-9 - _ . ~ as %XX; URLEncoder is form encoding, so fix its three differences. */
    static String rfc3986(String s) {
        return URLEncoder.encode(s, UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** Signs and sends one action; returns the SuccessResponse's Body, or exits on an ErrorResponse. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String action, Map<String, String> params, Map<String, Object> body) throws Exception {
        var query = new TreeMap<String, String>(); // sorted by name (UTF-16 order = byte order for these ASCII names)
        query.put("Action", action);
        query.put("UserID", USER_ID);
        query.put("Version", "1.0");
        query.put("Format", "JSON");
        query.put("Timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'")));
        query.putAll(params);
        // The string to sign: every parameter but Signature, sorted, RFC 3986-encoded, joined by &.
        var pairs = new ArrayList<String>();
        query.forEach((k, v) -> pairs.add(rfc3986(k) + "=" + rfc3986(v)));
        String toSign = String.join("&", pairs);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(API_KEY.getBytes(US_ASCII), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(US_ASCII)));
        String actionUrl = BASE_URL.replaceAll("/+$", "").replaceAll("/[^/]*$", "") + "/action"; // …/api/v1 → …/api/action

        var request = HttpRequest.newBuilder(URI.create(actionUrl + "?" + toSign + "&Signature=" + signature));
        if (body == null) request.GET();
        else request.header("Content-Type", "application/json") // CreateOrder must be a POST
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // The Action API answers 200 even for errors: anything else is not it.
        if (response.statusCode() != 200) fail("Action API " + action + ": HTTP " + response.statusCode());
        var answer = (Map<String, Object>) Json.parse(response.body());
        if (answer.get("ErrorResponse") instanceof Map<?, ?> error) {
            var head = (Map<String, Object>) error.get("Head");
            fail("Action API " + action + " failed: ErrorCode " + head.get("ErrorCode") + ": " + head.get("ErrorMessage"));
        }
        return (Map<String, Object>) ((Map<String, Object>) answer.get("SuccessResponse")).get("Body");
    }

    static final int QUANTITY = 2;

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (BASE_URL == null || USER_ID == null || API_KEY == null)
            fail("set TRADEPOST_BASE_URL, TRADEPOST_USER_ID (your login e-mail) and TRADEPOST_API_KEY");
        if (!BASE_URL.replaceAll("/+$", "").endsWith("/api/v1"))
            fail("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)");
        var credit = call("GetCredit", Map.of(), null);
        var page = call("GetProducts", Map.of("Page", "1", "PageSize", "10"), null);
        // The first SKU on the page that can be ordered: on sale, with the quantity in stock.
        Map<String, Object> product = null, sku = null;
        search:
        for (var p : (List<Map<String, Object>>) page.get("items")) {
            for (var s : (List<Map<String, Object>>) p.get("skus")) {
                if ("on_sale".equals(p.get("status")) && "on_sale".equals(s.get("status")) && (Long) s.get("stock") >= QUANTITY) {
                    product = p;
                    sku = s;
                    break search;
                }
            }
        }
        if (sku == null) fail("No product on the first page has a SKU on sale with " + QUANTITY + " in stock: nothing to order.");

        var orderRequest = new LinkedHashMap<String, Object>();
        orderRequest.put("goods_id", product.get("goods_id"));
        orderRequest.put("sku_id", sku.get("sku_id"));
        orderRequest.put("quantity", QUANTITY);
        // Always send one: a retried (or replayed) CreateOrder then answers 2002 and charges nothing.
        orderRequest.put("merchant_order_no", Optional.ofNullable(System.getenv("MERCHANT_ORDER_NO")).orElse("java-" + System.currentTimeMillis()));
        orderRequest.put("shipping_address", Map.of("name", "Ada Lovelace", "phone", "+44 20 7946 0000",
                "address", "12 St James Square", "city", "London", "country", "GB", "postal_code", "SW1Y 4JH"));
        var order = call("CreateOrder", Map.of(), orderRequest);
        var readBack = call("GetOrder", Map.of("OrderNo", (String) order.get("order_no")), null);
        var after = call("GetCredit", Map.of(), null);

        var summary = new LinkedHashMap<String, Object>();
        summary.put("available_before", credit.get("available"));
        summary.put("products_total", page.get("total"));
        summary.put("goods_id", product.get("goods_id"));
        summary.put("sku_id", sku.get("sku_id"));
        summary.put("order_no", order.get("order_no"));
        summary.put("merchant_order_no", order.get("merchant_order_no"));
        summary.put("amount", order.get("amount"));
        summary.put("read_back_order_no", readBack.get("order_no"));
        summary.put("read_back_status", readBack.get("status"));
        summary.put("available_after", after.get("available"));
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
