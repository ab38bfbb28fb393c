#include <algorithm>
#include <iostream>
#include <vector>

static int multiply(int a, int b)
{
    return a * b;
}

static int weight(int x)
{
    return x % 3 + 1;
}

static int helper(int x)
{
    return x - 1;
}

static int run(const std::vector<int> &values)
{
    auto square = [](int x) { return multiply(x, x); };
    int total = 0;
    std::for_each(values.begin(), values.end(), [&](int x) { total += weight(x); });
    auto helper = [&total](int x) { return total + x; };
    return square(total) + helper(2);
}

int main()
{
    std::cout << run({1, 2, 3}) << ' ' << helper(10) << '\n';
    return 0;
}
