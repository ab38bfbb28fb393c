package app.catalog;

public class CatalogIndex {
    private final String shard;

    public CatalogIndex(String shard) {
        this.shard = shard;
    }

    public void reindexShardWithChecksums(int passes) {
        for (int i = 0; i < passes; i++) {
            System.out.println("reindex " + shard + " pass " + i);
        }
    }
}
