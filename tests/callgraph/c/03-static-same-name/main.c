#include <stdio.h>
#include "alpha.h"
#include "beta.h"

static void helper(int a, int b)
{
    printf("alpha=%d beta=%d\n", a, b);
}

int main(void)
{
    helper(alpha_run(3), beta_run(3));
    return 0;
}
