#include "config.h"

#include <cstdlib>

static int default_port = compute_port();

int compute_port()
{
    return env_int("PORT", 8080);
}

int env_int(const char *name, int fallback)
{
    const char *value = std::getenv(name);
    return value ? std::atoi(value) : fallback;
}

namespace cfg {
int retries = env_int("RETRIES", 3) + default_port * 0;
}

Banner::Banner(std::string text) : text_(std::move(text)) {}

const std::string &Banner::text() const
{
    return text_;
}

const Banner banner = Banner("service v1");
