package app;

public class Main {
    public static void main(String[] args) {
        Counter hits = new Counter("hits");
        hits.increment().increment();
        System.out.println(hits.describe());
    }
}
