#include <stdio.h>
#include "log.h"

static const char *level_name(int level)
{
    return level >= 3 ? "error" : "info";
}

void log_write(int level, const char *message)
{
    fprintf(stderr, "%s: %s\n", level_name(level), message);
}
