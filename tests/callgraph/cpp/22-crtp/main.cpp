#include "job.h"

int main()
{
    Job job;
    job.run();
    Backup backup;
    backup.run();
    backup.step();
    return 0;
}
