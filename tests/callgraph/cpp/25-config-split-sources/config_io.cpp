#include "config.h"

#include <sstream>

Config Config::load(const std::string &text)
{
    Config config = Config();
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos)
            config.set(line.substr(0, eq), line.substr(eq + 1));
    }
    return config;
}

std::string Config::dump() const
{
    std::ostringstream out;
    for (const auto &entry : values_)
        out << entry.first << '=' << get(entry.first) << '\n';
    return out.str();
}
