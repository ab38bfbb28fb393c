#include "../include/api.h"

static int initialized;

int api_init(void)
{
    initialized = 1;
    return api_write("init");
}
