package app;

import java.util.List;

public class Main {
    public static void main(String[] args) {
        Pipeline pipeline = new Pipeline();
        System.out.println(pipeline.run(List.of(" A", "", "b ")));
    }
}
