#include "modules.h"

namespace {
int helper(int x)
{
    return x + 100;
}
}  // namespace

int run_a(int x)
{
    return helper(x);
}
