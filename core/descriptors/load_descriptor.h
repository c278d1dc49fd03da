// SPDX-License-Identifier: GPL-3.0-or-later
// Rebuilding a view from its JSON descriptor: reopen the source, apply the expression again,
// and check that the result is the view the descriptor describes (the file may have changed).
#pragma once

#include "common/result.h"
#include "exporters/exporter.h"
#include "views/expression.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string_view>

namespace bufferscope {

class View;

// An exporter and, unless the expression was empty, one view of it.
// Ownership rules: the view holds one export of the exporter; it is destroyed (and so
// released) before the exporter, as members are destroyed in reverse order.
struct LoadedView
{
    std::unique_ptr<Exporter> exporter;
    std::unique_ptr<View> view;

    LoadedView(std::unique_ptr<Exporter> exporter, std::unique_ptr<View> view);
    LoadedView(LoadedView &&) noexcept;
    LoadedView &operator=(LoadedView &&other) noexcept; // drops the old view first
    ~LoadedView();

    // The view, or the exporter when the expression was empty.
    BufferSource &source() const;
};

// Applies `expression` to the exporter ("" gives the exporter itself): View::create's errors.
Result<LoadedView> openView(std::unique_ptr<Exporter> exporter, std::string_view expression,
                            ExpressionOrigin origin = ExpressionOrigin::Typed);

// parseDescriptor, openSource, openView, then compares format, itemsize, shape, strides,
// suboffsets, offset and len with the descriptor's (ErrorCategory::Io, rebuilt value first):
// "descriptor: rebuilt view differs from the descriptor: shape (3, 4) != (4, 3)".
Result<LoadedView> loadDescriptor(const nlohmann::json &json);

} // namespace bufferscope
