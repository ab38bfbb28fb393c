#include "shape.h"

double shape_area(const struct shape *s)
{
    return s->vt->area(s);
}

const char *shape_name(const struct shape *s)
{
    return s->vt->name();
}
