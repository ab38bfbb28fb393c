#include "xml.h"

std::size_t import_tags(const std::string &doc)
{
    return xml::parse(doc).size();
}
