package app;

import app.validation.*;

public class Main {
    public static void main(String[] args) {
        Validator rule = Validator.nonEmpty().and(new LengthValidator(3));
        System.out.println(check(rule, "abcd"));
        LengthValidator exact = new LengthValidator(2);
        System.out.println(exact.validate("ab"));
    }

    static boolean check(Validator rule, String input) {
        return rule.validate(input);
    }
}
