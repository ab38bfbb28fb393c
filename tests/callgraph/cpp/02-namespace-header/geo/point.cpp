#include "point.h"

#include <cmath>

namespace geo {

Point make_point(double x, double y)
{
    Point p;
    p.x = x;
    p.y = y;
    return p;
}

double distance(const Point &a, const Point &b)
{
    return std::hypot(a.x - b.x, a.y - b.y);
}

Point midpoint(const Point &a, const Point &b)
{
    return make_point((a.x + b.x) / 2, (a.y + b.y) / 2);
}

}  // namespace geo
