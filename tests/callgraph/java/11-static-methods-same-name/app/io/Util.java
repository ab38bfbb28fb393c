package app.io;

import java.util.HashMap;
import java.util.Map;

public final class Util {
    private static final Map<String, String> PROPS = new HashMap<>();

    private Util() {
    }

    public static String get(String key) {
        // Map.get, not this method
        String value = PROPS.get(key);
        return value == null ? "" : value;
    }
}
