using System;

namespace Geometry;

public record Point(double X, double Y)
{
    public double DistanceTo(Point other) => Math.Sqrt(Square(X - other.X) + Square(Y - other.Y));

    private static double Square(double v) => v * v;
}

public readonly struct Vector
{
    public Vector(double dx, double dy)
    {
        Dx = dx;
        Dy = dy;
    }

    public double Dx { get; }

    public double Dy { get; }

    public static Vector Add(Vector a, Vector b) => new Vector(a.Dx + b.Dx, a.Dy + b.Dy);

    public Point Apply(Point p) => p with { X = p.X + Dx, Y = p.Y + Dy };
}
