package app.services;

import app.core.BaseService;
import java.util.ArrayDeque;
import java.util.Deque;

public class MailService extends BaseService {
    private final Deque<String> outbox = new ArrayDeque<>();

    public void send(String to) {
        outbox.push(to);
        audit("queued " + to);
    }

    @Override
    public void stop() {
        flush();
        super.stop();
    }

    private void flush() {
        while (!outbox.isEmpty()) {
            audit("sent " + outbox.pop());
        }
    }
}
