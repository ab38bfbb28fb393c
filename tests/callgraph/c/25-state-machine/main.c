#include "machine.h"

int main(void)
{
    struct machine m;
    machine_init(&m);
    return run(&m, 10) ? 0 : 1;
}
