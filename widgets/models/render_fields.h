// SPDX-License-Identifier: GPL-3.0-or-later
// Turns the selected buffer into something the renderer can read: a numeric descriptor. For
// record formats the user picks a numeric leaf field, and the field's sub-view is built in
// memory with the view-expression steps (no export, no decoding of records here). Also
// decides when a buffer can be shown as an image (uint8 with a channel axis of 1, 3 or 4).
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"
#include "format/format_types.h"
#include "models/render_request.h"
#include "render/numeric_type.h"

#include <string>
#include <vector>

namespace bufferscope {

struct NumericField
{
    std::string label;      // "sensor.gain"
    std::string expression; // "['sensor']['gain']"
};

// The numeric leaf fields of a record format, depth first, in field order; empty for a
// single scalar. Fields without a number (strings, pointers, padding) are left out.
std::vector<NumericField> numericFields(const format::Type &root);

struct RenderSource
{
    Descriptor descriptor; // numeric elements: the buffer itself or a field's sub-view
    render::NumericSource numeric;
    std::shared_ptr<const ByteReader> reader; // the root exporter's, for read-on-demand ones
};

// fieldExpression: empty for scalar formats, else one of numericFields()' expressions.
// Errors: the format parser's, the field step's, or numericSource's ("render: format 's'
// has no numeric value; select a numeric field").
Result<RenderSource> renderSource(const Descriptor &descriptor, const std::string &fieldExpression,
                                  std::shared_ptr<const ByteReader> reader = nullptr);

// The field of `descriptor` to compare with another buffer's `field` (an expression): the
// same one when it has it, else its first numeric field, else none.
std::string matchingField(const Descriptor &descriptor, const std::string &field);

// A buffer's own default plane: the last two axes with every other index 0, or, for uint8
// data whose last axis holds 1, 3 or 4 channels, an image of the two axes before it.
PlaneKey defaultPlaneKey(const RenderSource &source);

// Axes that can hold the channels of an image: uint8 elements ('B'), at least 3 dimensions,
// size 1, 3 or 4. defaultChannelAxis is the last axis when it qualifies, else -1.
std::vector<int> channelAxes(const Descriptor &descriptor);
int defaultChannelAxis(const Descriptor &descriptor);

} // namespace bufferscope
