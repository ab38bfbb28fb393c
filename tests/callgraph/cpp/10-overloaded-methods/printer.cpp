#include "printer.h"

void Printer::print(int value)
{
    print(std::to_string(value));
}

void Printer::print(const std::string &text)
{
    out_ << text << '\n';
}

void Printer::print(const std::string &text, int times)
{
    for (int i = 0; i < times; ++i)
        this->print(text);
}

std::string Printer::str() const
{
    return out_.str();
}
