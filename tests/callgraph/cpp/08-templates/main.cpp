#include <iostream>

#include "algo.h"

int main()
{
    Stack<int> numbers;
    numbers.push(4);
    numbers.push(9);
    numbers.push(2);
    std::cout << numbers.size() << ' ' << largest(numbers) << '\n';
    std::cout << max_of<double>(1.5, 0.5) << ' ' << max_of(3, 7) << '\n';
    return 0;
}
