package app;

public class Printer {
    private final StringBuilder out = new StringBuilder();

    public void print(int value) {
        print(Integer.toString(value));
    }

    public void print(String text) {
        out.append(text).append('\n');
    }

    public void print(String text, int times) {
        for (int i = 0; i < times; i++) {
            print(text);
        }
    }

    public String contents() {
        return out.toString();
    }
}
