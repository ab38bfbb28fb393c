#pragma once

#include <string>

namespace app::files {

std::string read(const std::string &path);

namespace detail {
std::string normalize(const std::string &path);
}

}  // namespace app::files
