#include <stdio.h>
#include "tree.h"

int main(void)
{
    struct tree *root = NULL;
    int keys[] = { 5, 2, 8, 1, 9, 7 };
    for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++)
        root = tree_insert(root, keys[i]);
    printf("height %d\n", tree_height(root));
    tree_free(root);
    return 0;
}
