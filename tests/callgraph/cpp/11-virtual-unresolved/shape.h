#pragma once

#include <string>

class Shape {
public:
    virtual ~Shape() = default;
    virtual double area() const = 0;
    std::string describe() const;
};

class Circle : public Shape {
public:
    explicit Circle(double r);
    double area() const override;

private:
    double r_;
};

class Square : public Shape {
public:
    explicit Square(double side);
    double area() const override;

private:
    double side_;
};
