#include <stdio.h>
#include <stdlib.h>
#include "names.h"

int main(void)
{
    int n = 0;
    char **words = split_words("alpha beta gamma", &n);
    for (int i = 0; i < n; i++) {
        printf("%s: %s\n", name_of(i), words[i]);
        free(words[i]);
    }
    free(words);
    char *copy = dup_str("done");
    puts(copy);
    free(copy);
    return 0;
}
