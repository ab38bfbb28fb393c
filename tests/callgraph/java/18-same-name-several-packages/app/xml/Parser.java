package app.xml;

import java.util.ArrayList;
import java.util.List;

public final class Parser {
    private Parser() {
    }

    public static List<String> parse(String text) {
        List<String> tags = new ArrayList<>();
        for (String token : tokenize(text)) {
            if (!token.isBlank()) {
                tags.add(token);
            }
        }
        return tags;
    }

    private static String[] tokenize(String text) {
        return text.split("[<>/]");
    }
}
