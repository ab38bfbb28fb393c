#include <iostream>

#include "outer.h"

int main()
{
    Outer outer;
    Outer::Inner inner = Outer::Inner::make();
    std::cout << outer.run() << ' ' << inner.run() << ' ' << Outer::Inner(4).run() << '\n';
    return 0;
}
