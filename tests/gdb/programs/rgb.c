// SPDX-License-Identifier: GPL-3.0-or-later
// An interleaved RGB image with row padding (rows of 7 pixels * 3 bytes = 21 bytes, padded to
// 24), double-buffered: frame f is written into buffers[f % 2] and img.data points at it when
// frame_ready(f) is called. The padding bytes are 0xEE so a wrong stride shows. test_gdb.py
// computes the same values with NumPy from the formula below.
#include <stddef.h>

enum { W = 7, H = 5, STRIDE = 24 };

struct image
{
    int width, height, stride;
    unsigned char *data;
};

static unsigned char buffers[2][H * STRIDE];
struct image img = {W, H, STRIDE, NULL};
unsigned char *nothing = NULL;

__attribute__((noinline)) void frame_ready(int frame)
{
    __asm__ volatile("" ::"r"(frame) : "memory");
}

int main(void)
{
    for (int f = 0; f < 3; ++f) {
        unsigned char *p = buffers[f % 2];
        for (int i = 0; i < H * STRIDE; ++i)
            p[i] = 0xEE;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x)
                for (int c = 0; c < 3; ++c)
                    p[y * STRIDE + x * 3 + c] = (unsigned char)(y * 31 + x * 7 + c * 3 + f * 50);
        img.data = p;
        frame_ready(f);
    }
    return 0;
}
