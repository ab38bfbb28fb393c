package app.model;

import java.util.ArrayList;
import java.util.List;

public class Order {
    private final User buyer;
    private final List<int[]> lines = new ArrayList<>();

    public Order(User buyer) {
        this.buyer = buyer;
    }

    public static Order empty() {
        return new Order(null);
    }

    public void addLine(int quantity, int unitPrice) {
        lines.add(new int[] {quantity, unitPrice});
    }

    public int total() {
        int sum = 0;
        for (int[] line : lines) {
            sum += lineSum(line);
        }
        return sum;
    }

    private int lineSum(int[] line) {
        return line[0] * line[1];
    }
}
