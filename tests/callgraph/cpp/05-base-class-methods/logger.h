#pragma once

#include <string>

class Logger {
public:
    void log(const std::string &message);

protected:
    std::string prefix() const;
};
