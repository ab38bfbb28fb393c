#include "../include/api.h"

int main(void)
{
    char line[128];
    if (api_init() != 0)
        return 1;
    while (api_read(line, sizeof line) > 0)
        api_write(line);
    return 0;
}
