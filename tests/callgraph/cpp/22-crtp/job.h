#pragma once

#include <iostream>

template <typename Derived>
class Task {
public:
    void run()
    {
        before();
        static_cast<Derived *>(this)->step();
    }

private:
    void before() { std::cout << "starting\n"; }
};

class Job : public Task<Job> {
public:
    void step() { std::cout << "job step\n"; }
};

class Backup : public Task<Backup> {
public:
    void step() { std::cout << "backup step\n"; }
};
