// An Action API client written the way Java code in the wild writes it, sharing no code with
// Tradepost: parameters in a TreeMap, each name and value through java.net.URLEncoder (the
// application/x-www-form-urlencoded way: space as '+', '*' left raw, '~' as %7E), the same
// string signed and sent.
//
// usage: java WildFormClient.java BASE_URL USER_ID API_KEY SEARCH
// Prints the GetProducts answer (JSON) for Search=SEARCH, Limit=5.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class WildFormClient {
    public static void main(String[] args) throws Exception {
        String base = args[0], userId = args[1], apiKey = args[2], search = args[3];
        Map<String, String> params = new TreeMap<>();
        params.put("Action", "GetProducts");
        params.put("UserID", userId);
        params.put("Version", "1.0");
        params.put("Timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        params.put("Search", search);
        params.put("Limit", "5");
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String> e : params.entrySet()) {
            query.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(query.toString().getBytes(StandardCharsets.UTF_8))) hex.append(String.format("%02x", b));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/action?" + query + "&Signature=" + hex)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.body());
    }
}
