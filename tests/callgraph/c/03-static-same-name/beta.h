#ifndef BETA_H
#define BETA_H
int beta_run(int x);
#endif
