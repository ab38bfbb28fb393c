package app;

import app.ui.Button;

public class Main {
    public static void main(String[] args) {
        Button ok = new Button();
        ok.log("start");
        System.out.println(ok.render());
    }
}
