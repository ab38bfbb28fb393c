#include <iostream>

#include "config.h"

static const int port = compute_port();

int main()
{
    std::cout << banner.text() << " on " << port << " retries " << cfg::retries << '\n';
    return 0;
}
