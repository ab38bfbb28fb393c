#include "config.h"

std::string Config::get(const std::string &key) const
{
    auto it = values_.find(key);
    return it == values_.end() ? "" : it->second;
}

void Config::set(const std::string &key, const std::string &value)
{
    values_[key] = value;
}
