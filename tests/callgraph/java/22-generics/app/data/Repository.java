package app.data;

import java.util.HashMap;
import java.util.Map;

public class Repository<T extends Entity> {
    private final Map<String, T> store = new HashMap<>();

    public void save(T entity) {
        entity.validate();
        store.put(entity.id(), entity);
    }

    public Box<T> find(String id) {
        return new Box<>(store.get(id));
    }
}
