package app.json;

import java.util.Arrays;
import java.util.List;

public final class Parser {
    private Parser() {
    }

    public static List<String> parse(String text) {
        return tokenize(text.replace("{", "").replace("}", ""));
    }

    private static List<String> tokenize(String body) {
        return Arrays.asList(body.split(","));
    }
}
