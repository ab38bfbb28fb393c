#include "doc.h"

#include <iostream>

Doc::Doc(std::string title) : title_(std::move(title)) {}

const std::string &Doc::title() const
{
    return title_;
}

void Doc::print() const
{
    ::print(*this);
}

void print(const Doc &doc)
{
    std::cout << "# " << doc.title() << '\n';
}
