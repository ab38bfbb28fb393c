package app;

public class Main {
    public static void main(String[] args) {
        Registry registry = new Registry();
        for (String a : args) {
            registry.register(a);
        }
        System.out.println(Helper.format(registry.size()));
    }
}
