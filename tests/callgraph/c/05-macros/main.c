#include "log.h"

#define CHECK(cond) ((cond) ? 1 : (LOG_ERROR(#cond), 0))

static int process(int value)
{
    LOG_INFO("processing");
    return CHECK(value > 0);
}

int main(void)
{
    log_write(2, "direct call");
    return process(1) ? 0 : 1;
}
