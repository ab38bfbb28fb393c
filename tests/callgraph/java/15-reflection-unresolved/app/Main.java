package app;

import java.lang.reflect.Method;

public class Main {
    public static void main(String[] args) throws Exception {
        Tasks.run();
        String name = args.length > 0 ? args[0] : "cleanup";
        invokeByName(name);
        Runnable later = Tasks::cleanup;
        schedule(later);
    }

    static void invokeByName(String name) throws Exception {
        Method method = Tasks.class.getMethod(name);
        method.invoke(null);
    }

    static void schedule(Runnable task) {
        task.run();
    }
}
