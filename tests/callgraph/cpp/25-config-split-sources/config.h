#pragma once

#include <map>
#include <string>

class Config {
public:
    static Config load(const std::string &text);
    std::string get(const std::string &key) const;
    void set(const std::string &key, const std::string &value);
    std::string dump() const;

private:
    std::map<std::string, std::string> values_;
};
