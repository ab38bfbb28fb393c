#ifndef TOOL_A_PARSE_H
#define TOOL_A_PARSE_H
int parse(const char *text);
#endif
