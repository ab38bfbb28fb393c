package app.server;

public class Config {
    private final int port;

    public Config(int port) {
        this.port = port;
    }

    public String describe() {
        return "server on port " + port;
    }
}
