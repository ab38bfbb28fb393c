package app;

public class Main {
    public static void main(String[] args) {
        run();
    }

    static void run() {
        Scheduler scheduler = new Scheduler();
        scheduler.schedule();
        Scheduler.log("done");
    }
}
