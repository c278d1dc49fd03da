// SPDX-License-Identifier: GPL-3.0-or-later
// An array of 5 C structs: native alignment puts 4 bytes of padding after id and after tag
// (sizeof == 24), which the format T{i:id:d:x:4s:tag:} describes under '@'.
#include <string.h>

struct record
{
    int id;
    double x;
    char tag[4];
};

struct record recs[5];

__attribute__((noinline)) void records_ready(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    for (int n = 0; n < 5; ++n) {
        recs[n].id = n * 3 - 4;
        recs[n].x = n / 4.0;
        memcpy(recs[n].tag, "abcd", 4);
        recs[n].tag[0] = (char)('a' + n);
    }
    records_ready();
    return 0;
}
