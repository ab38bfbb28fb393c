#include <iostream>

#include "account.h"

int main()
{
    Account account;
    account.deposit(100);
    account.withdraw(30);
    std::cout << account.balance() << '\n';
    return 0;
}
