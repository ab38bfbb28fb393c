#ifndef LOG_H
#define LOG_H

void log_write(int level, const char *message);

#define LOG_INFO(msg) log_write(1, (msg))
#define LOG_ERROR(msg) log_write(3, (msg))

#endif
