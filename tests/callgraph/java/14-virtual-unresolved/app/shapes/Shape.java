package app.shapes;

public abstract class Shape {
    public abstract double area();

    public String label() {
        return getClass().getSimpleName() + " " + format(area());
    }

    private static String format(double value) {
        return String.format("%.2f", value);
    }
}
