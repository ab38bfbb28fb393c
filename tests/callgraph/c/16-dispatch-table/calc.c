#include <stdio.h>

enum op { OP_ADD, OP_SUB, OP_NEG, OP_COUNT };

static int on_add(int a, int b)
{
    return a + b;
}

static int on_sub(int a, int b)
{
    return a - b;
}

static int on_neg(int a, int b)
{
    (void)b;
    return on_sub(0, a);
}

static int (*const handlers[OP_COUNT])(int, int) = { on_add, on_sub, on_neg };

static int apply_table(enum op op, int a, int b)
{
    return handlers[op](a, b);
}

static int apply_switch(enum op op, int a, int b)
{
    switch (op) {
    case OP_ADD:
        return on_add(a, b);
    case OP_SUB:
        return on_sub(a, b);
    default:
        return on_neg(a, b);
    }
}

int main(void)
{
    printf("%d %d\n", apply_table(OP_ADD, 2, 3), apply_switch(OP_NEG, 4, 0));
    return 0;
}
