#include "logger.h"

#include <iostream>

void Logger::log(const std::string &message)
{
    std::clog << prefix() << message << '\n';
}

std::string Logger::prefix() const
{
    return "[log] ";
}
