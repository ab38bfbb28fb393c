package app.client;

public class Config {
    private final String host;

    public Config(String host) {
        this.host = host;
    }

    public String describe() {
        return "client for " + host;
    }
}
