#include "ops.h"

typedef int (*run_fn)(int);

static int dispatch(const struct ops *o, int x)
{
    int result = o->run(x);
    o->close();
    return result;
}

static run_fn pick(int fast)
{
    return fast ? fast_ops.run : slow_ops.run;
}

int main(int argc, char **argv)
{
    run_fn fn = pick(argc > 1);
    (void)argv;
    return dispatch(argc > 1 ? &fast_ops : &slow_ops, fn(2)) + run(3);
}
