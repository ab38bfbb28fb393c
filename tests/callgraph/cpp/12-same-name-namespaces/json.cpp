#include "json.h"

#include <algorithm>
#include <sstream>

namespace json {

static std::string strip(std::string s)
{
    for (char c : {'{', '}', '"'})
        s.erase(std::remove(s.begin(), s.end(), c), s.end());
    return s;
}

std::vector<std::string> parse(const std::string &text)
{
    std::vector<std::string> fields;
    std::stringstream in(strip(text));
    std::string field;
    while (std::getline(in, field, ','))
        fields.push_back(field);
    return fields;
}

}  // namespace json
