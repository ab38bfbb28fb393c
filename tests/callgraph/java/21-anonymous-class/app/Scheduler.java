package app;

public class Scheduler {
    private int ticks;

    public void schedule() {
        Runnable task = new Runnable() {
            @Override
            public void run() {
                tick();
                log("tick " + ticks);
            }
        };
        execute(task);
    }

    void tick() {
        ticks++;
    }

    static void log(String message) {
        System.out.println(message);
    }

    void execute(Runnable job) {
        job.run();
    }
}
