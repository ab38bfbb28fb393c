package app.data;

import java.util.function.Function;

public class Box<T> {
    private final T value;

    public Box(T value) {
        this.value = value;
    }

    public <R> Box<R> map(Function<T, R> f) {
        return new Box<>(f.apply(value));
    }

    public T get() {
        return value;
    }
}
