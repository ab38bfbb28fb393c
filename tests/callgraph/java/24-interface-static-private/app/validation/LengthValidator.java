package app.validation;

public class LengthValidator implements Validator {
    private final int min;

    public LengthValidator(int min) {
        this.min = min;
    }

    @Override
    public boolean validate(String input) {
        return input.length() >= min;
    }
}
