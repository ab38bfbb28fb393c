#pragma once

#include <string>

class Doc {
public:
    explicit Doc(std::string title);
    void print() const;
    const std::string &title() const;

private:
    std::string title_;
};

void print(const Doc &doc);
