#include <stdio.h>

/* Declared here, defined in vendor/legacy/checksum.c: no header, no shared directory. */
extern unsigned legacy_checksum_fold(const char *s);

int main(int argc, char **argv)
{
    const char *input = argc > 1 ? argv[1] : "hello";
    printf("%u\n", legacy_checksum_fold(input));
    return 0;
}
