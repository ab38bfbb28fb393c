#include "shape.h"

double circle_area(const struct shape *s)
{
    return 3.14159265 * s->a * s->a;
}

static const char *name(void)
{
    return "circle";
}

static const struct shape_vtable circle_vt = { circle_area, name };

struct shape make_circle(double r)
{
    struct shape s = { &circle_vt, r, 0 };
    return s;
}
