#include <stdio.h>
#include "util.h"

int clamp(int value, int lo, int hi)
{
    if (value < lo)
        return lo;
    if (value > hi)
        return hi;
    return value;
}

void helper(const char *message)
{
    printf("[%d] %s\n", clamp((int)sizeof(message), 0, 8), message);
}
