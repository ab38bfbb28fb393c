using System;
using static Numerics.MathUtil;

namespace Demo
{
    internal static class Program
    {
        private static void Main()
        {
            Console.WriteLine(Clamp(15, 0, 10));
            Console.WriteLine(Lerp(0, 100, 0.25));
            Console.WriteLine(Scale(3));
        }

        private static int Scale(int x) => Math.Clamp(x * 10, 0, 25);
    }
}
