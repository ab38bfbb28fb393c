package app;

public class Counter {
    private final String name;
    private int count;

    public Counter(String name) {
        this.name = name;
        this.reset();
    }

    public Counter increment() {
        this.count = this.add(this.count, 1);
        return this;
    }

    private int add(int a, int b) {
        return a + b;
    }

    public void reset() {
        this.count = 0;
    }

    public int value() {
        return count;
    }

    public String describe() {
        return this.name + "=" + this.value();
    }
}
