package app;

import java.util.ArrayList;
import java.util.List;

public class Main {
    public static void main(String[] args) {
        Inventory inventory = new Inventory();
        for (String name : defaults()) {
            inventory.add(name);
        }
        if (inventory.contains("apple")) {
            System.out.println(inventory.get(0) + " of " + inventory.size());
        }
        inventory.clear();
    }

    static List<String> defaults() {
        List<String> names = new ArrayList<>();
        names.add("apple");
        names.add("pear");
        if (names.contains("fig") || names.size() > 5) {
            names.clear();
        }
        return names;
    }
}
