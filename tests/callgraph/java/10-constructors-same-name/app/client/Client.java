package app.client;

public class Client {
    private final Config config = new Config("localhost");

    public String connect() {
        return "connecting: " + config.describe();
    }
}
