#include <stdio.h>
#include "expr.h"

int main(void)
{
    printf("%d\n", evaluate("2 * (3 + 4) + 1"));
    return 0;
}
