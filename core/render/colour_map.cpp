// SPDX-License-Identifier: GPL-3.0-or-later
#include "render/colour_map.h"

#include <cmath>

namespace bufferscope::render {

namespace {

struct Scaling
{
    float low;
    float factor;
};

Scaling scalingOf(const ColourScale &scale)
{
    const float low = static_cast<float>(scale.low);
    const float span = static_cast<float>(scale.high) - low;
    return {low, span > 0.0f && std::isfinite(span) ? 255.0f / span : 0.0f};
}

inline int indexOf(float value, Scaling scaling)
{
    const float position = (value - scaling.low) * scaling.factor + 0.5f;
    // Clamp before converting: float-to-int of an out-of-range value is undefined.
    if (!(position > 0.0f))
        return 0;
    if (position >= 255.0f)
        return 255;
    return static_cast<int>(position);
}

} // namespace

int gradientIndex(float value, const ColourScale &scale) { return indexOf(value, scalingOf(scale)); }

void colourMap(std::span<const float> values, const Gradient &gradient, const ColourScale &scale,
               std::span<std::uint32_t> out)
{
    const Scaling scaling = scalingOf(scale);
    const std::uint32_t *lut = gradient.colours.data();
    const std::size_t count = values.size() < out.size() ? values.size() : out.size();
    for (std::size_t i = 0; i < count; ++i) {
        const float value = values[i];
        if (std::isfinite(value)) {
            out[i] = lut[indexOf(value, scaling)];
        } else if (std::isnan(value)) {
            out[i] = scale.nanColour;
        } else {
            out[i] = value > 0 ? scale.posInfColour : scale.negInfColour;
        }
    }
}

} // namespace bufferscope::render
