#ifndef MATHFN_H
#define MATHFN_H
int max(int a, int b);
int max3(int a, int b, int c);
#endif
