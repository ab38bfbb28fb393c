#pragma once

#include <string>
#include <vector>

namespace xml {
std::vector<std::string> parse(const std::string &text);
}
