#pragma once

class Counter {
public:
    Counter();
    void add(int value);
    int total() const;
    void reset();

private:
    int check(int value) const;
    int sum_;
};
