#ifndef UTIL_H
#define UTIL_H
int helper(int x);
int run(int n);
#endif
