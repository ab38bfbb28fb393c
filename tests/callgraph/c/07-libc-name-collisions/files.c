#include <stdio.h>
#include "set.h"

int cleanup(const char *path, struct node *cache)
{
    free_list(cache);
    /* stdio's remove(), not set.c's static remove */
    return remove(path);
}
