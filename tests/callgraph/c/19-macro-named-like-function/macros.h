#ifndef MACROS_H
#define MACROS_H
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
