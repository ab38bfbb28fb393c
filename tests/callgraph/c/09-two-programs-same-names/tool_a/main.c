#include <stdio.h>
#include "parse.h"

static void run(const char *arg)
{
    printf("a: %d\n", parse(arg));
}

int main(int argc, char **argv)
{
    run(argc > 1 ? argv[1] : "7");
    return 0;
}
