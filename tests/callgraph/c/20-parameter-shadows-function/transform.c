#include <stdio.h>

static int transform(int x)
{
    return x * 3 + 1;
}

static int apply(int (*transform)(int), int x)
{
    /* the parameter, not the function above */
    return transform(x);
}

static int twice(int x)
{
    return transform(transform(x));
}

int main(void)
{
    printf("%d %d\n", apply(twice, 2), twice(1));
    return 0;
}
