package app;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

public class Pipeline {
    private int counter;
    private final Supplier<String> ids = () -> nextId();

    public List<String> run(List<String> input) {
        input.forEach(item -> log("in: " + item));
        return input.stream()
                .map(s -> normalize(s))
                .filter(s -> isValid(s))
                .map(s -> s + "#" + ids.get())
                .collect(Collectors.toList());
    }

    private String nextId() {
        counter++;
        return Integer.toString(counter);
    }

    static String normalize(String s) {
        return s.trim().toLowerCase();
    }

    boolean isValid(String s) {
        return !s.isEmpty();
    }

    void log(String message) {
        System.out.println(message);
    }
}
