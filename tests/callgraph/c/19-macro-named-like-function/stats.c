#include "mathfn.h"

int peak(const int *values, int n)
{
    int best = values[0];
    for (int i = 1; i < n; i++)
        best = max(best, values[i]);
    return best;
}
