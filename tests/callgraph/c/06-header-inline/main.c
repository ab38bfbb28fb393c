#include <stdio.h>
#include "mathx.h"

int main(void)
{
    printf("%d %d %d\n", clamp(150, 0, 100), lerp(10, 20, 50), scale(42));
    return 0;
}
