#pragma once

#include <string>
#include <vector>

class Registry {
public:
    static Registry &instance();
    static int count();
    int add(const std::string &name);

private:
    static int next_id();
    std::vector<std::string> names_;
};
