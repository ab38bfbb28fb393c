package app.alerts;

public enum Level {
    LOW,
    HIGH;

    public static Level fromCode(String code) {
        return normalize(code).startsWith("h") ? HIGH : LOW;
    }

    private static String normalize(String code) {
        return code == null ? "" : code.trim().toLowerCase();
    }

    public String label() {
        return name().toLowerCase() + "(" + ordinal() + ")";
    }

    public Level next() {
        return this == LOW ? HIGH : HIGH;
    }
}
