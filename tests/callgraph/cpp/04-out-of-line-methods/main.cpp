#include <iostream>

#include "counter.h"

int main()
{
    Counter *counter = new Counter();
    counter->add(3);
    counter->add(-1);
    std::cout << counter->total() << '\n';
    counter->reset();
    delete counter;
    return 0;
}
