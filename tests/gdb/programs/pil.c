// SPDX-License-Identifier: GPL-3.0-or-later
// A PIL-style image: an array of row pointers, each row a separate allocation of 6 int32.
// Row r holds r * 1000 + c - 7; the rows are allocated in reverse order so that they are
// not one contiguous block in row order.
#include <stdint.h>
#include <stdlib.h>

enum { ROWS = 4, COLS = 6 };

int32_t *rows[ROWS];

__attribute__((noinline)) void rows_ready(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    for (int r = ROWS - 1; r >= 0; --r) {
        rows[r] = malloc(sizeof(int32_t) * COLS);
        for (int c = 0; c < COLS; ++c)
            rows[r][c] = r * 1000 + c - 7;
    }
    rows_ready();
    for (int r = 0; r < ROWS; ++r)
        free(rows[r]);
    return 0;
}
