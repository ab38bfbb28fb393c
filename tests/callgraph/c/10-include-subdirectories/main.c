#include "net/socket.h"

int main(void)
{
    struct sock s;
    if (sock_open(&s, "example.org") != 0)
        return 1;
    return sock_send(&s, "hello");
}
