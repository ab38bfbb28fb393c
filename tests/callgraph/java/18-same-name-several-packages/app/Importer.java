package app;

import app.xml.Parser;
import java.util.List;

public class Importer {
    public List<String> importFile(String contents) {
        return Parser.parse(contents);
    }
}
