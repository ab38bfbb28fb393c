#include <iostream>

#include "modules.h"

static int helper()
{
    return run_a(1) + run_b(2);
}

int main()
{
    std::cout << helper() << '\n';
    return 0;
}
