using System;

namespace Numerics
{
    public static class MathUtil
    {
        public static int Clamp(int value, int min, int max) => Math.Max(min, Math.Min(max, value));

        public static double Lerp(double a, double b, double t) => a + (b - a) * Clamp01(t);

        private static double Clamp01(double t) => t < 0 ? 0 : t > 1 ? 1 : t;
    }
}
