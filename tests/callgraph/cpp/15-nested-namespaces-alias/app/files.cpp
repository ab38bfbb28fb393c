#include "files.h"

#include <fstream>
#include <sstream>

namespace app {
namespace files {

namespace detail {
std::string normalize(const std::string &path)
{
    return path.empty() || path[0] == '/' ? path : "./" + path;
}
}  // namespace detail

std::string read(const std::string &path)
{
    std::ifstream in(detail::normalize(path));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace files
}  // namespace app
