package app;

import app.data.Box;
import app.data.Entity;
import app.data.Repository;

public class Main {
    public static void main(String[] args) {
        Box<Integer> two = new Box<>(2);
        System.out.println(two.map(x -> x + 1).get());
        Repository<Entity> repo = new Repository<>();
        repo.save(new Entity("a"));
        System.out.println(repo.find("a").get().id());
    }
}
