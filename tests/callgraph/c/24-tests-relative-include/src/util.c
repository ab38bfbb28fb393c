#include "util.h"

int helper(int x)
{
    return x % 2 == 0 ? x / 2 : 3 * x + 1;
}

int run(int n)
{
    int steps = 0;
    while (n != 1) {
        n = helper(n);
        steps++;
    }
    return steps;
}
