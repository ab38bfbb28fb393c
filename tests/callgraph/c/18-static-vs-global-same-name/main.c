#include <stdio.h>
#include "fmt.h"

void print_report(int percent);

int main(void)
{
    char text[32];
    format(text, sizeof text, 3.14159);
    puts(text);
    print_report(75);
    return 0;
}
