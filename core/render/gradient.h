// SPDX-License-Identifier: GPL-3.0-or-later
// Colour gradients as 256-entry ARGB32 lookup tables, built once from a few colour stops
// (matplotlib's perceptually uniform maps sampled at nine points, and grey).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace bufferscope::render {

struct Gradient
{
    std::string name;
    std::array<std::uint32_t, 256> colours{}; // 0xAARRGGBB, index 0 = low end
};

std::span<const Gradient> gradients();                  // "viridis" first
const Gradient *findGradient(std::string_view name);    // nullptr when unknown

} // namespace bufferscope::render
