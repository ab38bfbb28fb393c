#include <stdio.h>
#include "fmt.h"

void format(char *out, size_t size, double value)
{
    snprintf(out, size, "%.2f", value);
}
