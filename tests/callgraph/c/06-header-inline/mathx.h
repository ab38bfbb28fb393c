#ifndef MATHX_H
#define MATHX_H

static inline int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : (v > hi ? hi : v);
}

static inline int lerp(int a, int b, int pct)
{
    return a + (b - a) * clamp(pct, 0, 100) / 100;
}

int scale(int v);

#endif
