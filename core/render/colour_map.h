// SPDX-License-Identifier: GPL-3.0-or-later
// Maps float values to ARGB32 pixels through a gradient: the last step of rendering.
// NaN and the two infinities have their own colours and never enter the value range.
#pragma once

#include "render/gradient.h"

#include <cstdint>
#include <span>

namespace bufferscope::render {

struct ColourScale
{
    double low = 0.0;  // maps to gradient index 0
    double high = 1.0; // maps to gradient index 255 (low == high maps everything to 0)
    std::uint32_t nanColour = 0xffff00ffu;    // magenta: impossible to mistake for data
    std::uint32_t negInfColour = 0xff000080u; // dark blue
    std::uint32_t posInfColour = 0xffffffffu; // white
};

// The gradient index of a finite value, exactly as colourMap computes it (float32
// arithmetic: index = int((v - low) * (255 / (high - low)) + 0.5), clamped to 0..255).
int gradientIndex(float value, const ColourScale &scale);

// out[i] = colour of values[i]; out.size() must be at least values.size().
void colourMap(std::span<const float> values, const Gradient &gradient, const ColourScale &scale,
               std::span<std::uint32_t> out);

} // namespace bufferscope::render
