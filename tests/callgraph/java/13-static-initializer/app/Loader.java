package app;

import java.util.HashMap;
import java.util.Map;

final class Loader {
    private Loader() {
    }

    static Map<String, Integer> load(String name) {
        Map<String, Integer> values = new HashMap<>();
        values.put("requests", parse(name + "=100"));
        return values;
    }

    private static int parse(String line) {
        return Integer.parseInt(line.substring(line.indexOf('=') + 1));
    }
}
