#include <iostream>

#include "config.h"

int main()
{
    Config config = Config::load("host=localhost\nport=8080\n");
    config.set("port", "9090");
    std::cout << config.get("host") << '\n' << config.dump();
    return 0;
}
