#include <stdio.h>
#include "log.h"

void log_write(const char *message)
{
    fprintf(stderr, "log: %s\n", message);
}
