package app.ui;

public class Widget {
    public String render() {
        return wrap("div", "");
    }

    protected String wrap(String tag, String body) {
        return "<" + tag + ">" + body + "</" + tag + ">";
    }

    public void log(String message) {
        System.out.println("[widget] " + message);
    }
}
