// Tradepost API tokens (WallTech header signing) — a first client in Java 17, JDK only (javax.crypto + java.net.http).
// Run: TRADEPOST_BASE_URL=http://127.0.0.1:8080/api/v1 TRADEPOST_TOKEN=… TRADEPOST_TOKEN_SECRET=… java TokenExample.java
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
import static java.nio.charset.StandardCharsets.UTF_8;

public class TokenExample {
    static final String BASE_URL = Optional.ofNullable(System.getenv("TRADEPOST_BASE_URL")).orElse("").replaceAll("/+$", ""); // …/api/v1
    static final String TOKEN = System.getenv("TRADEPOST_TOKEN"), SECRET = System.getenv("TRADEPOST_TOKEN_SECRET");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // RFC 1123 with a two-digit day (Wed, 02 Dec 2026 10:00:00 GMT); English names whatever the machine's locale.
    static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }

    /** Signs and sends one request; returns the answer's data, or exits when its code is not 0. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> call(String method, String path, Map<String, Object> body) throws Exception {
        String url = BASE_URL + path; // exactly the URL sent, query included: it is what is signed
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(RFC_1123);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal((method + "\n" + date + "\n" + url).getBytes(UTF_8)));
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("X-WallTech-Date", date)
                .header("Authorization", "WallTech " + TOKEN + ":" + signature)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        // 4xx answers carry the same {code, message, data}; anything unreadable is not this API.
        Map<String, Object> answer = null;
        try {
            answer = (Map<String, Object>) Json.parse(response.body());
        } catch (RuntimeException notJson) {
            fail(method + " " + path + ": HTTP " + response.statusCode());
        }
        if (!Long.valueOf(0).equals(answer.get("code")))
            fail(method + " " + path + " failed: code " + answer.get("code") + ": " + answer.get("message"));
        return (Map<String, Object>) answer.get("data");
    }

    static final int QUANTITY = 2;

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        if (BASE_URL.isEmpty() || TOKEN == null || SECRET == null)
            fail("set TRADEPOST_BASE_URL, TRADEPOST_TOKEN and TRADEPOST_TOKEN_SECRET (the token's Secret Key)");
        if (!BASE_URL.endsWith("/api/v1"))
            fail("TRADEPOST_BASE_URL must be the B-End API base URL, ending in /api/v1 (e.g. http://127.0.0.1:8080/api/v1)");
        var credit = call("GET", "/credit", null);
        var page = call("GET", "/products?page=1&page_size=10", null);
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
        // Always send one: a retried (or replayed) order then answers 2002 and charges nothing.
        orderRequest.put("merchant_order_no", Optional.ofNullable(System.getenv("MERCHANT_ORDER_NO")).orElse("java-" + System.currentTimeMillis()));
        orderRequest.put("shipping_address", Map.of("name", "Ada Lovelace", "phone", "+44 20 7946 0000",
                "address", "12 St James Square", "city", "London", "country", "GB", "postal_code", "SW1Y 4JH"));
        var order = call("POST", "/orders", orderRequest);
        var readBack = call("GET", "/orders/" + URLEncoder.encode((String) order.get("order_no"), UTF_8), null);
        var after = call("GET", "/credit", null);

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
