#include <stdio.h>
#include "parse.h"

static void run(const char *arg)
{
    printf("b: %d\n", parse(arg));
}

int main(int argc, char **argv)
{
    run(argc > 1 ? argv[1] : "x,y");
    return 0;
}
