package app;

import app.http.Request;

public class Main {
    public static void main(String[] args) {
        Request request = new Request.Builder().header("Host", "example.com").build();
        System.out.println(request.send());
    }
}
