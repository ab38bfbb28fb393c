package app;

public class Main {
    public static void main(String[] args) {
        Main m = new Main();
        m.run(args.length);
        System.out.println(helper("done"));
    }

    void run(int n) {
        for (int i = 0; i < n; i++) {
            step(i);
        }
        report();
    }

    private void step(int i) {
        System.out.println(helper("step " + i));
    }

    private void report() {
        System.out.println(helper("report"));
    }

    static String helper(String s) {
        return "[" + s.trim() + "]";
    }
}
