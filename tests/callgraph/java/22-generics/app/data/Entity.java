package app.data;

public class Entity {
    private final String id;

    public Entity(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public void validate() {
        if (id.isEmpty()) {
            throw new IllegalStateException("empty id");
        }
    }
}
