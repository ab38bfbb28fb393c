#include "widget.h"

Widget Widget::create()
{
    return Widget(0);
}

std::string Widget::label() const
{
    return "widget-" + std::to_string(id_);
}
