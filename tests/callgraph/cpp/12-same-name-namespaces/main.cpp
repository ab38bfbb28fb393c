#include <iostream>

#include "json.h"

using namespace json;

std::size_t import_tags(const std::string &doc);

int main()
{
    std::cout << parse("{\"a\":1,\"b\":2}").size() << ' ' << import_tags("<a><b/></a>") << '\n';
    return 0;
}
