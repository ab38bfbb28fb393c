#ifndef SHAPE_H
#define SHAPE_H

struct shape;

struct shape_vtable {
    double (*area)(const struct shape *s);
    const char *(*name)(void);
};

struct shape {
    const struct shape_vtable *vt;
    double a, b;
};

double shape_area(const struct shape *s);
const char *shape_name(const struct shape *s);
struct shape make_circle(double r);
struct shape make_rect(double w, double h);
double circle_area(const struct shape *s);

#endif
