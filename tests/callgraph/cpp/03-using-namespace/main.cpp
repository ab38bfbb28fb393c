#include <iostream>

#include "text/strings.h"

using namespace text;

static void greet(const std::string &name)
{
    std::cout << upper(trim(name)) << '\n';
}

int main()
{
    greet("  ada ");
    std::cout << text::shout(" hi ") << '\n';
    return 0;
}
