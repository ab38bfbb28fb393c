#include <stdlib.h>
#include "parse.h"

int parse(const char *text)
{
    return atoi(text);
}
