#include <functional>
#include <iostream>
#include <vector>

static int negate(int x)
{
    return -x;
}

static void notify()
{
    std::cout << "notified\n";
}

struct Job {
    void run() { std::cout << "job\n"; }
    void stop() { std::cout << "stop\n"; }
};

static int transform(const std::function<int(int)> &op, int x)
{
    return op(x);
}

static void fire(const std::vector<std::function<void()>> &hooks)
{
    for (const auto &hook : hooks)
        hook();
}

static void invoke(Job &job, void (Job::*member)())
{
    (job.*member)();
}

int main()
{
    std::cout << transform(negate, 5) << ' ' << negate(1) << '\n';
    fire({notify, [] { notify(); }});
    Job job;
    invoke(job, &Job::run);
    job.stop();
    return 0;
}
