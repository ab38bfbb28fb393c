#include <stdlib.h>
#include "set.h"

/* Named like stdio's remove(); this file does not include <stdio.h>. */
static struct node *remove(struct node *head, int value)
{
    if (head == NULL)
        return NULL;
    if (head->value == value) {
        struct node *next = head->next;
        free(head);
        return next;
    }
    head->next = remove(head->next, value);
    return head;
}

struct node *set_add(struct node *head, int value)
{
    struct node *n = malloc(sizeof *n);
    if (n == NULL)
        return head;
    n->value = value;
    n->next = remove(head, value);
    return n;
}

struct node *set_drop(struct node *head, int value)
{
    return remove(head, value);
}

void free_list(struct node *head)
{
    while (head != NULL) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}
