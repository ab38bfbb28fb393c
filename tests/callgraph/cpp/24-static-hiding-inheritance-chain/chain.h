#pragma once

#include <string>

class Base {
public:
    static std::string helper() { return "base"; }
    std::string greet() const { return "hello from " + helper(); }
};

class Middle : public Base {
public:
    std::string tag() const { return "[" + greet() + "]"; }
};

class Leaf : public Middle {
public:
    static std::string helper() { return "leaf"; }
    std::string describe() const { return helper() + "/" + Base::helper() + " " + tag(); }
};
