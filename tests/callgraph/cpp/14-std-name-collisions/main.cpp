#include <iostream>
#include <vector>

#include "buffer.h"

static std::size_t scratch()
{
    std::vector<int> v;
    v.push_back(1);
    v.push_back(2);
    v.clear();
    return v.size();
}

int main()
{
    Buffer buffer;
    buffer.push_back(3);
    buffer.push_back(1);
    sort(buffer);
    std::cout << buffer.size() << ' ' << scratch() << '\n';
    return 0;
}
