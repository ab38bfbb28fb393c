#include <iostream>
#include <memory>

#include "widget.h"

static std::string owned()
{
    auto w = std::make_unique<Widget>(3);
    return w->label();
}

int main()
{
    Widget *heap = new Widget(1);
    Widget temp = Widget(2);
    std::cout << heap->label() << temp.label() << Widget::create().label() << owned() << '\n';
    delete heap;
    return 0;
}
