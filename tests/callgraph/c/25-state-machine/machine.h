#ifndef MACHINE_H
#define MACHINE_H

enum state { STATE_IDLE, STATE_RUNNING, STATE_DONE };

struct machine {
    enum state state;
    int ticks;
};

void machine_init(struct machine *m);
int run(struct machine *m, int budget);

#endif
