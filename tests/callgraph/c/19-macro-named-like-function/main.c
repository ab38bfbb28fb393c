#include <stdio.h>
#include "macros.h"

int peak(const int *values, int n);

int main(void)
{
    int values[] = { 3, 9, 4 };
    printf("%d %d\n", max(values[0], values[2]), peak(values, 3));
    return 0;
}
