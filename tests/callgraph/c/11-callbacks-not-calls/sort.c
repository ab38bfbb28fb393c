#include <stdio.h>
#include <stdlib.h>

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a;
    int y = *(const int *)b;
    return (x > y) - (x < y);
}

static void print_array(const int *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%d ", values[i]);
    putchar('\n');
}

static void cleanup(void)
{
    puts("bye");
}

static int self_test(void)
{
    int a = 1, b = 2;
    return compare_ints(&a, &b) < 0;
}

int main(void)
{
    int values[] = { 5, 3, 9, 1 };
    size_t n = sizeof values / sizeof values[0];
    atexit(cleanup);
    qsort(values, n, sizeof values[0], compare_ints);
    print_array(values, n);
    int key = 9;
    int *hit = bsearch(&key, values, n, sizeof values[0], compare_ints);
    return hit != NULL && self_test() ? 0 : 1;
}
