#include "buffer.h"

#include <algorithm>

void Buffer::push_back(unsigned char byte)
{
    bytes_.push_back(byte);
}

std::size_t Buffer::size() const
{
    return bytes_.size();
}

void Buffer::clear()
{
    bytes_.clear();
}

const std::vector<unsigned char> &Buffer::bytes() const
{
    return bytes_;
}

void sort(Buffer &buffer)
{
    std::vector<unsigned char> copy = buffer.bytes();
    std::sort(copy.begin(), copy.end());
    buffer.clear();
    for (unsigned char b : copy)
        buffer.push_back(b);
}
