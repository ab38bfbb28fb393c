package app.http;

import java.util.LinkedHashMap;
import java.util.Map;

public class Request {
    private final Map<String, String> headers;

    private Request(Builder builder) {
        this.headers = builder.headers;
    }

    public String host() {
        return headers.getOrDefault("Host", "localhost");
    }

    public String send() {
        Line line = new Line("GET");
        return line.format();
    }

    public static class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }

    class Line {
        private final String method;

        Line(String method) {
            this.method = method;
        }

        String format() {
            return method + " / HTTP/1.1 to " + host() + " (" + Request.this.host().length() + ")";
        }
    }
}
