#include <stdlib.h>
#include "set.h"

int cleanup(const char *path, struct node *cache);

int main(void)
{
    struct node *s = set_add(NULL, 1);
    s = set_add(s, 2);
    s = set_drop(s, 1);
    return cleanup("cache.tmp", s) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
