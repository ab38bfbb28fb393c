package com.acme.text;

import com.acme.util.Strings;

public class Formatter {
    private final String separator;

    public Formatter(String separator) {
        this.separator = separator;
    }

    public String format(String title) {
        // String.format from the JDK, not this method
        return String.format("%s %s %s", separator, Strings.capitalize(title), separator);
    }
}
