package app;

import app.model.*;

public class Main {
    public static void main(String[] args) {
        User u = new User("ann");
        Order order = new Order(u);
        order.addLine(3, 250);
        System.out.println(u.getName() + " owes " + order.total());
        Order none = Order.empty();
        System.out.println(none.total());
    }
}
