#pragma once

#include <cstddef>
#include <vector>

template <typename T>
T max_of(T a, T b)
{
    return a < b ? b : a;
}

template <typename T>
class Stack {
public:
    void push(const T &value) { items_.push_back(value); }

    T pop()
    {
        T top = items_.back();
        items_.pop_back();
        return top;
    }

    std::size_t size() const { return items_.size(); }
    bool empty() const { return size() == 0; }

private:
    std::vector<T> items_;
};

template <typename T>
T largest(Stack<T> &stack)
{
    T best = stack.pop();
    while (!stack.empty())
        best = max_of(best, stack.pop());
    return best;
}
