#ifndef SET_H
#define SET_H

struct node {
    int value;
    struct node *next;
};

struct node *set_add(struct node *head, int value);
struct node *set_drop(struct node *head, int value);
void free_list(struct node *head);

#endif
