package app;

public class SimpleGreeter implements Greeter {
    private final String who;

    public SimpleGreeter(String who) {
        this.who = who;
    }

    @Override
    public String name() {
        return who;
    }

    public String shout() {
        return greet() + "!";
    }
}
