#ifndef TOOL_B_PARSE_H
#define TOOL_B_PARSE_H
int parse(const char *text);
int count_fields(const char *text);
#endif
