#include <iostream>

#include "geo/point.h"

int main()
{
    geo::Point a = geo::make_point(0, 0);
    geo::Point b = geo::make_point(3, 4);
    geo::Point m = geo::midpoint(a, b);
    std::cout << geo::distance(a, b) << ' ' << m.x << '\n';
    return 0;
}
