#pragma once

#include <string>

namespace text {

std::string trim(const std::string &s);
std::string upper(std::string s);
std::string shout(const std::string &s);

}  // namespace text
