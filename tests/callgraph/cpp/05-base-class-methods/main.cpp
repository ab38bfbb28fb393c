#include "file_logger.h"

int main()
{
    FileLogger logger;
    logger.write("hello");
    logger.log("bye");
    return 0;
}
