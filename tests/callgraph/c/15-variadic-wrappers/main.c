#include "report.h"

int main(int argc, char **argv)
{
    report("%d argument(s), first: %s", argc - 1, argc > 1 ? argv[1] : "-");
    if (argc > 3)
        fatal("too many arguments: %d", argc - 1);
    return 0;
}
