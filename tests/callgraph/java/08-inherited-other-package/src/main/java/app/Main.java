package app;

import app.services.MailService;

public class Main {
    public static void main(String[] args) {
        MailService mail = new MailService();
        mail.start();
        mail.send("ops@example.com");
        mail.stop();
    }
}
