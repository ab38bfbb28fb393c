#include "strings.h"

#include <algorithm>
#include <cctype>

namespace text {

std::string trim(const std::string &s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

std::string shout(const std::string &s)
{
    return upper(trim(s)) + "!";
}

}  // namespace text
