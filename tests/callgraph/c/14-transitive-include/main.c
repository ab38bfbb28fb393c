#include "app.h"

int main(void)
{
    if (app_start("demo") != 0)
        return 1;
    log_write("running");
    app_stop();
    return 0;
}
