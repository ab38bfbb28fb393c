#ifndef FMT_H
#define FMT_H
#include <stddef.h>
void format(char *out, size_t size, double value);
#endif
