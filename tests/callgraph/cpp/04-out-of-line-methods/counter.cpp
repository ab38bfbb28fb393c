#include "counter.h"

Counter::Counter() : sum_(0)
{
    reset();
}

void Counter::add(int value)
{
    sum_ += this->check(value);
}

int Counter::total() const
{
    return sum_;
}

void Counter::reset()
{
    sum_ = 0;
}

int Counter::check(int value) const
{
    return value < 0 ? 0 : value;
}
