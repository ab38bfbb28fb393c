#include <stdio.h>
#include <stdlib.h>

static long factorial(int n)
{
    return n <= 1 ? 1 : n * factorial(n - 1);
}

static void helper(const char *label, long value)
{
    printf("%s = %ld\n", label, value);
}

static int run(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5;
    helper("n", n);
    helper("n!", factorial(n));
    return 0;
}

int main(int argc, char **argv)
{
    return run(argc, argv);
}
