#pragma once

#include "logger.h"

class FileLogger : public Logger {
public:
    void write(const std::string &line);
};
