package com.acme.util;

public final class Strings {
    private Strings() {
    }

    public static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        return s.substring(0, 1).toUpperCase() + s.substring(1);
    }

    public static String repeat(String s, int n) {
        // String.repeat from the JDK, not this method
        return s.repeat(Math.max(0, n));
    }
}
