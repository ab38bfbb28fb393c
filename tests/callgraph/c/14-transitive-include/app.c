#include "app.h"

int app_start(const char *name)
{
    log_write(name);
    return 0;
}

void app_stop(void)
{
    log_write("stopping");
}
