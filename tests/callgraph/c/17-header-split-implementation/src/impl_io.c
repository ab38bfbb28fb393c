#include <stdio.h>
#include <string.h>
#include "../include/api.h"

int api_read(char *out, int size)
{
    if (fgets(out, size, stdin) == NULL)
        return -1;
    return (int)strlen(out);
}

int api_write(const char *data)
{
    return fputs(data, stdout) >= 0 ? 0 : -1;
}
