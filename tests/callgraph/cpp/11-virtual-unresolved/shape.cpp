#include "shape.h"

Circle::Circle(double r) : r_(r) {}

Square::Square(double side) : side_(side) {}

double Circle::area() const
{
    return 3.14159265 * r_ * r_;
}

double Square::area() const
{
    return side_ * side_;
}

std::string Shape::describe() const
{
    return "area " + std::to_string(area());
}
