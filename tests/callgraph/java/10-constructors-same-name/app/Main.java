package app;

import app.client.Client;
import app.server.Config;

public class Main {
    public static void main(String[] args) {
        Config config = new Config(8080);
        System.out.println(config.describe());
        Client client = new Client();
        System.out.println(client.connect());
    }
}
