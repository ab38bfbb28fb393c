#include "util.h"

int main(void)
{
    int level = clamp(42, 0, 10);
    helper(level > 5 ? "high" : "low");
    return 0;
}
