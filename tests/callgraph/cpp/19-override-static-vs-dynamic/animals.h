#pragma once

#include <string>

class Animal {
public:
    virtual ~Animal() = default;
    virtual std::string speak() const { return "..."; }
    std::string intro() const { return "I say " + speak(); }
};

class Dog : public Animal {
public:
    std::string speak() const override { return "woof"; }
    std::string fetch() const { return Animal::speak() + " fetch"; }
};
