// SPDX-License-Identifier: GPL-3.0-or-later
// A view: a buffer source that holds one export on its parent (an exporter or another view)
// and describes the parent's memory through a view expression ("[1:3].T['a']"). Views nest,
// so a chain exporter <- view <- view is counted one export per link.
//
// Ownership rules:
//  - create() asks the parent for a buffer (FULL, or FULL_RO when the parent is read-only),
//    which raises the parent's exports by one, and applies the expression to its own copy of
//    the granted descriptor; on any failure the export is given back before returning;
//  - the parent must outlive the view (it is borrowed, not owned);
//  - release() gives the export back once; it is refused while the view itself has exports
//    ("view has 1 exported buffer"); the destructor releases a view that is still held;
//  - the descriptor is a copy: metadata the parent changes later does not reach the view;
//  - a view of a read-on-demand exporter, while it is exported, holds what reads of it bring
//    in (ByteReader::hold: a chunked store's chunks stay cached) until its last export is
//    given back.
#pragma once

#include "exporters/buffer_source.h"
#include "views/expression.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

class View : public BufferSource
{
    struct PrivateTag
    {
        explicit PrivateTag() = default;
    };

public:
    // Errors: the parent's getBuffer refusal as it is, or applyExpression's error. `origin`
    // chooses parseExpression's limits: Saved for fullExpression() text read back.
    static Result<std::unique_ptr<View>> create(BufferSource &parent, std::string_view expression,
                                                ExpressionOrigin origin = ExpressionOrigin::Typed);

    View(PrivateTag, BufferSource &parent);
    ~View() override;
    View(const View &) = delete;
    View &operator=(const View &) = delete;

    const Descriptor &descriptor() const override { return m_descriptor; }
    const Exporter &rootExporter() const override;

    BufferSource &parent() const { return *m_parent; }
    // The text as given to create().
    const std::string &expression() const { return m_expression; }
    const std::vector<Step> &steps() const { return m_steps; }
    // The canonical steps of the whole chain from the exporter: the parent's fullExpression
    // followed by this view's steps, e.g. "[1:3].T" then "['a']" gives "[1:3].T['a']".
    // Applying it to the exporter's descriptor gives this view's descriptor.
    std::string fullExpression() const;

    // Refused while exported: "view has 2 exported buffers" (ErrorCategory::Export); on a
    // released view: "operation forbidden on released view".
    Status release();
    bool isReleased() const { return m_released; }

    // descriptor().buf - rootExporter().data().data(): where the view starts in the
    // exporter's bytes (for PIL-style views, where its pointer array starts).
    ByteOffset offset() const;

protected:
    // A released view exports nothing: "operation forbidden on released view".
    Status prepareExport() override;

private:
    BufferSource *m_parent;
    std::string m_expression;
    std::vector<Step> m_steps;
    Descriptor m_descriptor;
    bool m_released = false;
    std::shared_ptr<const void> m_hold; // ByteReader::hold's handle while exported
};

} // namespace bufferscope
