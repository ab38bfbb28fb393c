#pragma once

#include <map>
#include <string>

class Engine {
public:
    explicit Engine(int thrust) : thrust_(thrust) {}
    int ignite_thruster_sequence(int stage) const { return thrust_ * stage; }

private:
    int thrust_;
};

std::map<std::string, Engine> build_fleet();
Engine flagship();
