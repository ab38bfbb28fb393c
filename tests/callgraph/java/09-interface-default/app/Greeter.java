package app;

public interface Greeter {
    String name();

    default String greet() {
        return prefix() + name();
    }

    private String prefix() {
        return "Hello, ";
    }

    static Greeter of(String name) {
        return new SimpleGreeter(name);
    }
}
