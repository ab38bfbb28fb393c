package app;

public final class Tasks {
    private Tasks() {
    }

    public static void run() {
        helper("run");
    }

    public static void cleanup() {
        helper("cleanup");
    }

    static void helper(String what) {
        System.out.println("task: " + what);
    }
}
