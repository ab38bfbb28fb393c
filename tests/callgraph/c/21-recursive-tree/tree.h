#ifndef TREE_H
#define TREE_H

struct tree {
    int key;
    struct tree *left, *right;
};

struct tree *tree_insert(struct tree *t, int key);
int tree_height(const struct tree *t);
void tree_free(struct tree *t);

#endif
