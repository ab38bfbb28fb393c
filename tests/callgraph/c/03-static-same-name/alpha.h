#ifndef ALPHA_H
#define ALPHA_H
int alpha_run(int x);
#endif
