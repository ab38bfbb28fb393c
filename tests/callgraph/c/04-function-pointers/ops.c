#include <stdio.h>
#include "ops.h"

static int run_fast(int x)
{
    return x << 1;
}

static int run_slow(int x)
{
    return run(x) + run_fast(0);
}

static void close_quietly(void)
{
}

static void close_loudly(void)
{
    puts("closed");
}

const struct ops fast_ops = { run_fast, close_quietly };
const struct ops slow_ops = { run_slow, close_loudly };

int run(int x)
{
    return x + 1;
}
