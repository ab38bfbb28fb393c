#ifndef REPORT_H
#define REPORT_H
#include <stdarg.h>

void vreport(const char *fmt, va_list ap);
void report(const char *fmt, ...);
void fatal(const char *fmt, ...);
#endif
