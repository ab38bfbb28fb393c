#pragma once

namespace geo {

struct Point {
    double x;
    double y;
};

Point make_point(double x, double y);
double distance(const Point &a, const Point &b);
Point midpoint(const Point &a, const Point &b);

}  // namespace geo
