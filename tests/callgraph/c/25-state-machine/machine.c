#include <stdio.h>
#include "machine.h"

static enum state on_idle(struct machine *m);
static enum state on_running(struct machine *m);
static enum state on_done(struct machine *m);

static enum state step(struct machine *m)
{
    switch (m->state) {
    case STATE_IDLE:
        return on_idle(m);
    case STATE_RUNNING:
        return on_running(m);
    default:
        return on_done(m);
    }
}

static enum state on_idle(struct machine *m)
{
    m->ticks = 0;
    return STATE_RUNNING;
}

static enum state on_running(struct machine *m)
{
    return ++m->ticks >= 3 ? STATE_DONE : STATE_RUNNING;
}

static enum state on_done(struct machine *m)
{
    printf("done after %d ticks\n", m->ticks);
    return STATE_DONE;
}

void machine_init(struct machine *m)
{
    m->state = STATE_IDLE;
    m->ticks = 0;
}

int run(struct machine *m, int budget)
{
    while (budget-- > 0 && m->state != STATE_DONE)
        m->state = step(m);
    return m->state == STATE_DONE;
}
