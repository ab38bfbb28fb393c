#pragma once

class Outer {
public:
    class Inner {
    public:
        explicit Inner(int seed);
        int run() const;
        static Inner make();

    private:
        int seed_;
    };

    int run() const;
};
