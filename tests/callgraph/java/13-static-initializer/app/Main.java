package app;

import java.util.Map;

public class Main {
    private static final int DEFAULT_LIMIT = Defaults.compute(4);
    private static final Map<String, Integer> LIMITS;

    static {
        LIMITS = Loader.load("limits");
        register("boot");
    }

    static void register(String phase) {
        System.out.println("phase " + phase + " default " + DEFAULT_LIMIT);
    }

    public static void main(String[] args) {
        // Map.get, not Defaults.get
        System.out.println(LIMITS.get("requests"));
        run();
    }

    static void run() {
        register("run");
        System.out.println(Defaults.get("timeout"));
    }
}
