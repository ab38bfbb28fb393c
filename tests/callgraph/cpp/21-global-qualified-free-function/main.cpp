#include "doc.h"

int main()
{
    const Doc doc = Doc("Release notes");
    doc.print();
    print(doc);
    return 0;
}
