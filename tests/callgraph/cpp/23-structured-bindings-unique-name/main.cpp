#include <iostream>

#include "fleet.h"

static int launch_all()
{
    int total = 0;
    for (const auto &[name, engine] : build_fleet())
        total += engine.ignite_thruster_sequence(1);
    return total;
}

int main()
{
    auto lead = flagship();
    std::cout << launch_all() << ' ' << lead.ignite_thruster_sequence(2) << '\n';
    return 0;
}
