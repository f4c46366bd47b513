// A Tradepost webhook receiver in Java 17 (JDK only).
// Run: WEBHOOK_SECRET=whsec_… PORT=8000 java Receiver.java
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Receiver {
    static final long TOLERANCE = 300;

    static boolean verify(String secret, byte[] raw, String header) throws Exception {
        Long timestamp = null;
        List<String> candidates = new ArrayList<>();
        for (String element : (header == null ? "" : header).split(",")) {
            String[] kv = element.trim().split("=", 2);
            if (kv.length != 2) continue;
            if (kv[0].equals("t") && kv[1].matches("\\d+")) timestamp = Long.parseLong(kv[1]);
            else if (kv[0].equals("v1")) candidates.add(kv[1]);
        }
        if (timestamp == null || candidates.isEmpty()) return false;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        byte[] expected = HexFormat.of().formatHex(mac.doFinal(raw)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String c : candidates) {
            if (MessageDigest.isEqual(expected, c.getBytes(StandardCharsets.US_ASCII))) matched = true;
        }
        return matched && Math.abs(System.currentTimeMillis() / 1000 - timestamp) <= TOLERANCE;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv().getOrDefault("WEBHOOK_SECRET", "");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes(); // the raw bytes
            boolean ok;
            try {
                ok = verify(secret, raw, exchange.getRequestHeaders().getFirst("Tradepost-Signature"));
            } catch (Exception e) {
                ok = false;
            }
            if (!ok) {
                System.out.println("rejected signature");
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            // A real receiver parses with its JSON library and dedupes on the id (at least once).
            String json = new String(raw, StandardCharsets.UTF_8);
            System.out.println("verified " + field(json, "id") + " " + field(json, "type"));
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("listening " + port);
    }
}
