package app;

import app.json.Parser;
import java.util.List;

public class Main {
    public static void main(String[] args) {
        System.out.println(parse("{\"a\":1,\"b\":2}"));
        System.out.println(new Importer().importFile("<a><b/></a>"));
    }

    static List<String> parse(String text) {
        return Parser.parse(text);
    }
}
