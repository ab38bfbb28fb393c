#include <stdlib.h>
#include <string.h>
#include "names.h"

char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    return copy ? memcpy(copy, s, n) : NULL;
}

const char *name_of(int code)
{
    static const char *const table[] = { "zero", "one", "two" };
    return code >= 0 && code < 3 ? table[code] : "many";
}

static char *next_word(const char **cursor)
{
    const char *start = *cursor;
    while (**cursor && **cursor != ' ')
        (*cursor)++;
    char *word = dup_str(start);
    if (word)
        word[*cursor - start] = '\0';
    while (**cursor == ' ')
        (*cursor)++;
    return word;
}

char **split_words(const char *text, int *count)
{
    char **words = calloc(16, sizeof *words);
    *count = 0;
    while (words && *text && *count < 16)
        words[(*count)++] = next_word(&text);
    return words;
}
