package app;

import app.alerts.Alert;
import app.alerts.Level;

public class Main {
    public static void main(String[] args) {
        Level level = Level.fromCode(args.length > 0 ? args[0] : "low");
        System.out.println(level.label() + " " + Level.HIGH.label());
        Alert alert = new Alert(Level.valueOf("LOW"));
        alert.escalate();
        System.out.println(alert.summary());
    }
}
