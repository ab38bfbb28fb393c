package app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Inventory {
    private final List<String> items = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    public void add(String item) {
        items.add(item);
        counts.put(item, count(item) + 1);
    }

    public int count(String item) {
        return counts.getOrDefault(item, 0);
    }

    public int size() {
        return items.size();
    }

    public boolean contains(String item) {
        return items.contains(item);
    }

    public String get(int index) {
        return items.get(index);
    }

    public void clear() {
        items.clear();
        counts.clear();
    }
}
