#include "alpha.h"

static int helper(int x)
{
    return x * 2;
}

int alpha_run(int x)
{
    return helper(x) + 1;
}
