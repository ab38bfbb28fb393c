using System;
using System.Collections.Generic;
using Geometry;

var origin = new Point(0, 0);
var moved = Vector.Add(new Vector(1, 2), new Vector(2, 2)).Apply(origin);
Console.WriteLine(origin.DistanceTo(moved));
Console.WriteLine(CountPath(origin, moved));

int CountPath(Point start, Point end)
{
    var path = new List<Point> { start };
    path.Add(end);
    return path.Count;
}
