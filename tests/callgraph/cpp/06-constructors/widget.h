#pragma once

#include <string>

class Widget {
public:
    explicit Widget(int id) : id_(id) {}

    static Widget create();
    std::string label() const;

private:
    int id_;
};
