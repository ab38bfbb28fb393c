#pragma once

#include <sstream>
#include <string>

class Printer {
public:
    void print(int value);
    void print(const std::string &text);
    void print(const std::string &text, int times);
    std::string str() const;

private:
    std::ostringstream out_;
};
