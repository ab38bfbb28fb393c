#include <stdlib.h>
#include "tree.h"

static int max_int(int a, int b)
{
    return a > b ? a : b;
}

static struct tree *new_node(int key)
{
    struct tree *t = calloc(1, sizeof *t);
    if (t != NULL)
        t->key = key;
    return t;
}

struct tree *tree_insert(struct tree *t, int key)
{
    if (t == NULL)
        return new_node(key);
    if (key < t->key)
        t->left = tree_insert(t->left, key);
    else
        t->right = tree_insert(t->right, key);
    return t;
}

int tree_height(const struct tree *t)
{
    if (t == NULL)
        return 0;
    return 1 + max_int(tree_height(t->left), tree_height(t->right));
}

void tree_free(struct tree *t)
{
    if (t == NULL)
        return;
    tree_free(t->left);
    tree_free(t->right);
    free(t);
}
