// SPDX-License-Identifier: GPL-3.0-or-later
// A float64 volume of shape (4, 5, 6) in Fortran order: v[i + 4 * (j + 5 * k)] = value(i, j, k).
#include <stdlib.h>

enum { NI = 4, NJ = 5, NK = 6 };

__attribute__((noinline)) void volume_ready(double *vol)
{
    __asm__ volatile("" ::"r"(vol) : "memory");
}

int main(void)
{
    double *vol = malloc(sizeof(double) * NI * NJ * NK);
    for (int k = 0; k < NK; ++k)
        for (int j = 0; j < NJ; ++j)
            for (int i = 0; i < NI; ++i)
                vol[i + NI * (j + NJ * k)] = i * 100.0 + j * 10.0 + k + 0.25;
    volume_ready(vol);
    free(vol);
    return 0;
}
