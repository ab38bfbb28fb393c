#include <stdio.h>
#include <stdlib.h>
#include "util.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 27;
    printf("%d takes %d steps\n", n, run(n));
    return 0;
}
