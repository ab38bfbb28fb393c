#include <assert.h>
#include <stdio.h>
#include "../src/util.h"

static void test_helper(void)
{
    assert(helper(4) == 2);
    assert(helper(3) == 10);
}

static void test_run(void)
{
    assert(run(1) == 0);
    assert(run(6) == 8);
}

int main(void)
{
    test_helper();
    test_run();
    puts("ok");
    return 0;
}
