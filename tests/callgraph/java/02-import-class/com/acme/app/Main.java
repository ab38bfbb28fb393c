package com.acme.app;

import com.acme.text.Formatter;
import com.acme.util.Strings;

public class Main {
    public static void main(String[] args) {
        Formatter f = new Formatter("-");
        String title = Strings.capitalize("report");
        System.out.println(f.format(title));
        System.out.println(Strings.repeat("=", title.length()));
    }
}
