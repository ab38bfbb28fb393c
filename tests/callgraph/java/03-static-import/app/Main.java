package app;

import static app.util.MathUtil.clamp;
import static app.util.MathUtil.lerp;

public class Main {
    public static void main(String[] args) {
        double t = clamp(Double.parseDouble(args.length > 0 ? args[0] : "0.5"), 0.0, 1.0);
        System.out.println(lerp(10.0, 20.0, t));
        // java.lang.Math.max, not MathUtil.max
        System.out.println(Math.max(t, 0.25));
    }
}
