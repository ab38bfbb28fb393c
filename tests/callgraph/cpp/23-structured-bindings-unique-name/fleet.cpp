#include "fleet.h"

std::map<std::string, Engine> build_fleet()
{
    std::map<std::string, Engine> fleet;
    fleet.emplace("atlas", Engine(3));
    fleet.emplace("vega", Engine(5));
    return fleet;
}

Engine flagship()
{
    return build_fleet().at("vega");
}
