package app;

final class Defaults {
    private Defaults() {
    }

    static int compute(int cores) {
        return cores * 25;
    }

    static int get(String key) {
        return key.equals("timeout") ? 30 : compute(1);
    }
}
