#ifndef NET_SOCKET_H
#define NET_SOCKET_H

struct sock {
    const char *host;
    int open;
};

int sock_open(struct sock *s, const char *host);
int sock_send(struct sock *s, const char *payload);

#endif
