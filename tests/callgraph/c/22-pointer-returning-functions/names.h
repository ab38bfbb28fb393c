#ifndef NAMES_H
#define NAMES_H

char *dup_str(const char *s);
const char *name_of(int code);
char **split_words(const char *text, int *count);

#endif
