#ifndef UTIL_BUF_H
#define UTIL_BUF_H
#include <stddef.h>

struct buf {
    char data[256];
    size_t len;
};

void buf_init(struct buf *b);
int buf_append(struct buf *b, const char *s);

#endif
