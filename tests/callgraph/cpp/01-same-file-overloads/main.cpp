#include <iostream>
#include <string>

static void print(int value)
{
    std::cout << "int " << value << '\n';
}

static void print(const std::string &text)
{
    std::cout << "text " << text << '\n';
}

static void print(double value, int precision)
{
    std::cout.precision(precision);
    std::cout << "double " << value << '\n';
}

static std::string helper(int n)
{
    print(n);
    return std::string(static_cast<std::size_t>(n), '*');
}

int main()
{
    print(helper(3));
    print(2.5, 3);
    return 0;
}
