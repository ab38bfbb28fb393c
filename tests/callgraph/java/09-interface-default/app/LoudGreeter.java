package app;

public class LoudGreeter implements Greeter {
    @Override
    public String name() {
        return "EVERYONE";
    }

    @Override
    public String greet() {
        return Greeter.super.greet().toUpperCase();
    }
}
