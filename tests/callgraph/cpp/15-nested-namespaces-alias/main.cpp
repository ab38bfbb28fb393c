#include <iostream>

#include "app/files.h"

namespace fs = app::files;

int main(int argc, char **argv)
{
    const std::string path = argc > 1 ? argv[1] : "README.md";
    std::cout << app::files::detail::normalize(path) << '\n';
    std::cout << fs::read(path).size() << '\n';
    return 0;
}
