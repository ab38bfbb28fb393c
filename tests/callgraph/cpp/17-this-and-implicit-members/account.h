#pragma once

#include <stdexcept>
#include <string>

class Account {
public:
    void deposit(int amount)
    {
        this->validate(amount);
        balance_ += amount;
        log("deposit");
    }

    void withdraw(int amount)
    {
        validate(amount);
        if (amount > this->balance())
            throw std::runtime_error("insufficient funds");
        balance_ -= amount;
        this->log("withdraw");
    }

    int balance() const { return balance_; }

private:
    void validate(int amount) const
    {
        if (amount <= 0)
            throw std::invalid_argument("amount must be positive");
    }

    void log(const std::string &what) { last_ = what; }

    int balance_ = 0;
    std::string last_;
};
