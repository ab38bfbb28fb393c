#include <iostream>

#include "animals.h"

static std::string through_base(const Animal &animal)
{
    return animal.speak();
}

int main()
{
    Dog dog;
    std::cout << dog.speak() << ' ' << dog.Animal::speak() << ' ' << dog.fetch() << '\n';
    std::cout << through_base(dog) << ' ' << dog.intro() << '\n';
    return 0;
}
