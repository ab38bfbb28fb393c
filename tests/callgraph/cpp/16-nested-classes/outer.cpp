#include "outer.h"

Outer::Inner::Inner(int seed) : seed_(seed) {}

int Outer::Inner::run() const
{
    return seed_ * 2;
}

Outer::Inner Outer::Inner::make()
{
    return Inner(21);
}

int Outer::run() const
{
    return Inner::make().run() + 1;
}
