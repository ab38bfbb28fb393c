#include <iostream>

#include "printer.h"

int main()
{
    Printer printer;
    printer.print(42);
    printer.print(std::string("hello"));
    printer.print("bye", 2);
    std::cout << printer.str();
    return 0;
}
