package app.catalog;

import java.util.List;

public final class Services {
    private Services() {
    }

    public static List<CatalogIndex> indexes() {
        return List.of(new CatalogIndex("books"), new CatalogIndex("music"));
    }

    public static CatalogIndex primary() {
        return indexes().get(0);
    }
}
