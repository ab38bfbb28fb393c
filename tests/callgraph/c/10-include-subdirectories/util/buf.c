#include <string.h>
#include "buf.h"

void buf_init(struct buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
}

int buf_append(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > sizeof b->data)
        return -1;
    memcpy(b->data + b->len, s, n + 1);
    b->len += n;
    return 0;
}
