package app.net;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

public final class Util {
    private Util() {
    }

    public static String get(String url) {
        return "GET " + encode(url);
    }

    static String encode(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }
}
