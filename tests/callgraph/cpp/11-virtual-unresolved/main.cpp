#include <iostream>
#include <vector>

#include "shape.h"

static double total(const std::vector<Shape *> &shapes)
{
    double sum = 0;
    for (const Shape *s : shapes) {
        sum += s->area();
        std::cout << s->describe() << '\n';
    }
    return sum;
}

int main()
{
    std::vector<Shape *> shapes{new Circle(1.0), new Square(2.0)};
    std::cout << total(shapes) << '\n';
    Circle unit = Circle(0.5);
    std::cout << unit.area() << '\n';
    for (Shape *s : shapes)
        delete s;
    return 0;
}
