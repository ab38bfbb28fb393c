#include "xml.h"

namespace xml {

static bool is_tag_char(char c)
{
    return c != '<' && c != '>' && c != '/';
}

std::vector<std::string> parse(const std::string &text)
{
    std::vector<std::string> tags;
    std::string current;
    for (char c : text) {
        if (is_tag_char(c)) {
            current += c;
        } else if (!current.empty()) {
            tags.push_back(current);
            current.clear();
        }
    }
    return tags;
}

}  // namespace xml
