package app;

import java.util.LinkedHashSet;
import java.util.Set;

public class Registry {
    private final Set<String> entries = new LinkedHashSet<>();

    public void register(String name) {
        entries.add(Helper.normalize(name));
    }

    public int size() {
        return entries.size();
    }
}
