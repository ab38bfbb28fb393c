#include <stdio.h>
#include "store.h"

static int run(void)
{
    struct store s;
    init(&s);
    put(&s, "answer", 42);
    put(&s, "answer", get(&s, "answer") + 1);
    return get(&s, "answer");
}

int main(void)
{
    printf("%d\n", run());
    return 0;
}
