package app;

import app.net.Util;

public class Fetcher {
    public String fetch(String url) {
        return Util.get(url);
    }
}
