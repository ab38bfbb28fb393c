#ifndef LOG_H
#define LOG_H
void log_write(const char *message);
#endif
