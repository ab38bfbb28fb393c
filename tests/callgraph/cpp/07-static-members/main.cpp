#include <iostream>

#include "registry.h"

int main()
{
    Registry::instance().add("alpha");
    Registry &r = Registry::instance();
    r.add("beta");
    std::cout << Registry::count() << '\n';
    return 0;
}
