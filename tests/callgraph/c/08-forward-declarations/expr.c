#include <ctype.h>
#include "expr.h"

static int parse_expr(const char **s);
static int parse_term(const char **s);
static int parse_factor(const char **s);

static void skip_spaces(const char **s)
{
    while (isspace((unsigned char)**s))
        (*s)++;
}

static int parse_factor(const char **s)
{
    skip_spaces(s);
    if (**s == '(') {
        (*s)++;
        int v = parse_expr(s);
        skip_spaces(s);
        (*s)++;
        return v;
    }
    int v = 0;
    while (isdigit((unsigned char)**s))
        v = v * 10 + (*(*s)++ - '0');
    return v;
}

static int parse_term(const char **s)
{
    int v = parse_factor(s);
    skip_spaces(s);
    while (**s == '*') {
        (*s)++;
        v *= parse_factor(s);
        skip_spaces(s);
    }
    return v;
}

static int parse_expr(const char **s)
{
    int v = parse_term(s);
    while (**s == '+') {
        (*s)++;
        v += parse_term(s);
    }
    return v;
}

int evaluate(const char *text)
{
    return parse_expr(&text);
}
