#include <stdio.h>
#include "socket.h"
#include "../util/buf.h"

int sock_open(struct sock *s, const char *host)
{
    s->host = host;
    s->open = 1;
    return 0;
}

int sock_send(struct sock *s, const char *payload)
{
    struct buf frame;
    buf_init(&frame);
    if (buf_append(&frame, "SEND ") != 0 || buf_append(&frame, payload) != 0)
        return -1;
    return printf("%s <- %s\n", s->host, frame.data) > 0 ? 0 : -1;
}
