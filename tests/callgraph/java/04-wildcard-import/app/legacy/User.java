package app.legacy;

/** An older User class with the same simple name, not imported by Main. */
public class User {
    private final String login;

    public User(String login) {
        this.login = login;
    }

    public String getName() {
        return login.toUpperCase();
    }
}
