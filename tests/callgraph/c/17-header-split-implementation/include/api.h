#ifndef API_H
#define API_H

int api_init(void);
int api_read(char *out, int size);
int api_write(const char *data);

#endif
