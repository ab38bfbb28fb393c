#ifndef STORE_H
#define STORE_H

#define STORE_CAP 16

struct store {
    const char *keys[STORE_CAP];
    int values[STORE_CAP];
    int len;
};

void init(struct store *s);
int get(const struct store *s, const char *key);
int put(struct store *s, const char *key, int value);

#endif
