// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/gradient.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>

namespace bufferscope::render {

static Gradient interpolate(std::string name, std::initializer_list<std::uint32_t> stops)
{
    const std::vector<std::uint32_t> rgb(stops);
    Gradient gradient;
    gradient.name = std::move(name);
    const double last = static_cast<double>(rgb.size() - 1);
    for (int i = 0; i < 256; ++i) {
        const double position = i / 255.0 * last;
        const auto lower = static_cast<std::size_t>(std::floor(position));
        const std::size_t upper = std::min(lower + 1, rgb.size() - 1);
        const double t = position - static_cast<double>(lower);
        std::uint32_t colour = 0xff000000u;
        for (int shift : {16, 8, 0}) {
            const double a = (rgb[lower] >> shift) & 0xff;
            const double b = (rgb[upper] >> shift) & 0xff;
            colour |= static_cast<std::uint32_t>(std::lround(a + (b - a) * t)) << shift;
        }
        gradient.colours[static_cast<std::size_t>(i)] = colour;
    }
    return gradient;
}

std::span<const Gradient> gradients()
{
    static const std::vector<Gradient> all = {
        interpolate("viridis", {0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e, 0x1f9e89,
                                0x35b779, 0x6dcd59, 0xfde725}),
        interpolate("magma", {0x000004, 0x1c1044, 0x4f127b, 0x812581, 0xb5367a, 0xe55064,
                              0xfb8761, 0xfec287, 0xfcfdbf}),
        interpolate("inferno", {0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933,
                                0xf98e09, 0xf9cb35, 0xfcffa4}),
        interpolate("grey", {0x000000, 0xffffff}),
        interpolate("coolwarm", {0x3b4cc0, 0x7b9ff9, 0xc0d4f5, 0xf2cbb7, 0xee8468, 0xb40426}),
    };
    return all;
}

const Gradient *findGradient(std::string_view name)
{
    for (const Gradient &gradient : gradients()) {
        if (gradient.name == name)
            return &gradient;
    }
    return nullptr;
}

} // namespace bufferscope::render
