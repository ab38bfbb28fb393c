package app;

public class Main {
    public static void main(String[] args) {
        System.out.println(welcome(Greeter.of("ann")));
        SimpleGreeter simple = new SimpleGreeter("bob");
        System.out.println(simple.shout());
        System.out.println(new LoudGreeter().greet());
    }

    static String welcome(Greeter any) {
        return any.greet();
    }
}
