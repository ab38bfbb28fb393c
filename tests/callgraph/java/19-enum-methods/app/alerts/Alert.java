package app.alerts;

public class Alert {
    private Level level;

    public Alert(Level level) {
        this.level = level;
    }

    public void escalate() {
        level = level.next();
    }

    public String summary() {
        return "alert " + level.label();
    }
}
