package app.geo;

public class Bounds {
    private final double min;
    private final double max;

    public Bounds(double min, double max) {
        this.min = min;
        this.max = max;
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }

    public double fit(double v) {
        return clamp(v, min, max);
    }
}
