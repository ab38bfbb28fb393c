#pragma once

#include <string>
#include <vector>

namespace json {
std::vector<std::string> parse(const std::string &text);
}
