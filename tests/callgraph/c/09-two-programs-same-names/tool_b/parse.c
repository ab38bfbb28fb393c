#include "parse.h"

int count_fields(const char *text)
{
    int n = 1;
    for (; *text; text++)
        if (*text == ',')
            n++;
    return n;
}

int parse(const char *text)
{
    return count_fields(text) * 10;
}
