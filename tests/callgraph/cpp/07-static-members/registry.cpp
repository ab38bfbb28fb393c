#include "registry.h"

Registry &Registry::instance()
{
    static Registry registry;
    return registry;
}

int Registry::next_id()
{
    static int id = 0;
    return ++id;
}

int Registry::add(const std::string &name)
{
    names_.push_back(name);
    return next_id();
}

int Registry::count()
{
    return static_cast<int>(instance().names_.size());
}
