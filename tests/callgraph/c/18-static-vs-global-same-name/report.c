#include <stdio.h>

/* A private format that does not see fmt.h's. */
static const char *format(int percent)
{
    return percent >= 50 ? "high" : "low";
}

void print_report(int percent)
{
    printf("load is %s\n", format(percent));
}
