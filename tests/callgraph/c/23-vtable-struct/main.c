#include <stdio.h>
#include "shape.h"

int main(void)
{
    struct shape shapes[2];
    shapes[0] = make_circle(1.0);
    shapes[1] = make_rect(2.0, 3.0);
    for (int i = 0; i < 2; i++)
        printf("%s %.2f\n", shape_name(&shapes[i]), shape_area(&shapes[i]));
    printf("direct %.2f\n", circle_area(&shapes[0]));
    return 0;
}
