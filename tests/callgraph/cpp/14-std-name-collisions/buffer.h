#pragma once

#include <cstddef>
#include <vector>

class Buffer {
public:
    void push_back(unsigned char byte);
    std::size_t size() const;
    void clear();
    const std::vector<unsigned char> &bytes() const;

private:
    std::vector<unsigned char> bytes_;
};

void sort(Buffer &buffer);
