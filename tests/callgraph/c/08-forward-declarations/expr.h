#ifndef EXPR_H
#define EXPR_H
int evaluate(const char *text);
#endif
