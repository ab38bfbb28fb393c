package app;

final class Helper {
    private Helper() {
    }

    static String normalize(String name) {
        return name.trim().toLowerCase();
    }

    static String format(int count) {
        return count + " entr" + (count == 1 ? "y" : "ies");
    }
}
