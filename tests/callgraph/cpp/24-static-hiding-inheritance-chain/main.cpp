#include <iostream>

#include "chain.h"

int main()
{
    Leaf leaf;
    std::cout << leaf.greet() << '\n' << leaf.describe() << '\n';
    std::cout << Leaf::helper() << Base::helper() << '\n';
    return 0;
}
