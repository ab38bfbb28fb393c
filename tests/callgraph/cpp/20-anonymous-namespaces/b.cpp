#include "modules.h"

namespace {
int helper(int x)
{
    return x * 100;
}
}  // namespace

int run_b(int x)
{
    return helper(x) + helper(1);
}
