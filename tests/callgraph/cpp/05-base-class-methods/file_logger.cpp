#include "file_logger.h"

void FileLogger::write(const std::string &line)
{
    log(prefix() + line);
    Logger::log("written");
}
