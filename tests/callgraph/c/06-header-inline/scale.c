#include "mathx.h"

int scale(int v)
{
    return lerp(0, 255, clamp(v, 0, 100));
}
