#pragma once

#include <string>

int compute_port();
int env_int(const char *name, int fallback);

namespace cfg {
extern int retries;
}

class Banner {
public:
    explicit Banner(std::string text);
    const std::string &text() const;

private:
    std::string text_;
};

extern const Banner banner;
