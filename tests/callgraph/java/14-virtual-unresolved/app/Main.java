package app;

import app.shapes.Circle;
import app.shapes.Shape;
import app.shapes.Square;
import java.util.List;

public class Main {
    public static void main(String[] args) {
        List<Shape> shapes = List.of(new Circle(1.0), new Square(2.0));
        System.out.println(total(shapes));
        Circle unit = new Circle(0.5);
        System.out.println(unit.area());
    }

    static double total(List<Shape> shapes) {
        double sum = 0;
        for (Shape s : shapes) {
            System.out.println(s.label());
            sum += s.area();
        }
        return sum;
    }
}
