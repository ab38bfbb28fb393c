package app.validation;

public interface Validator {
    boolean validate(String input);

    static Validator nonEmpty() {
        return s -> !isBlank(s);
    }

    private static boolean isBlank(String s) {
        return s == null || s.trim().isEmpty();
    }

    default Validator and(Validator other) {
        return s -> validate(s) && other.validate(s);
    }
}
