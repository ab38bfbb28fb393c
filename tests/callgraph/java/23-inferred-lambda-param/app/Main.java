package app;

import app.catalog.Services;

public class Main {
    public static void main(String[] args) {
        reindexAll();
        Services.primary().reindexShardWithChecksums(2);
    }

    static void reindexAll() {
        Services.indexes().forEach(index -> index.reindexShardWithChecksums(1));
    }
}
