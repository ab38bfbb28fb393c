package app.util;

public final class MathUtil {
    private MathUtil() {
    }

    public static double max(double a, double b) {
        return a > b ? a : b;
    }

    public static double clamp(double v, double lo, double hi) {
        return max(lo, Math.min(v, hi));
    }

    public static double lerp(double a, double b, double t) {
        double k = clamp(t, 0.0, 1.0);
        return a + (b - a) * k;
    }
}
