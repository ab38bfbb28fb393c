#include <string.h>
#include "store.h"

static int find(const struct store *s, const char *key)
{
    for (int i = 0; i < s->len; i++)
        if (strcmp(s->keys[i], key) == 0)
            return i;
    return -1;
}

void init(struct store *s)
{
    s->len = 0;
}

int get(const struct store *s, const char *key)
{
    int i = find(s, key);
    return i < 0 ? 0 : s->values[i];
}

int put(struct store *s, const char *key, int value)
{
    int i = find(s, key);
    if (i < 0) {
        if (s->len == STORE_CAP)
            return -1;
        i = s->len++;
        s->keys[i] = key;
    }
    s->values[i] = value;
    return 0;
}
