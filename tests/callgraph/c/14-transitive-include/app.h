#ifndef APP_H
#define APP_H
#include "log.h"

int app_start(const char *name);
void app_stop(void);
#endif
