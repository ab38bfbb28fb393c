package app.core;

public abstract class BaseService {
    private boolean running;

    public void start() {
        running = true;
        audit("start");
    }

    public void stop() {
        running = false;
        audit("stop");
    }

    protected void audit(String event) {
        System.out.println(getClass().getSimpleName() + ": " + event + " running=" + running);
    }
}
