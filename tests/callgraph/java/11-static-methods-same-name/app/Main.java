package app;

import app.io.Util;

public class Main {
    public static void main(String[] args) {
        String home = Util.get("home");
        System.out.println(new Fetcher().fetch(home));
    }
}
