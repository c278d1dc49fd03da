// SPDX-License-Identifier: GPL-3.0-or-later
// View: one export held on the parent, a descriptor computed from it by a view expression.
#include "views/view.h"

#include "exporters/exporter.h"
#include "views/steps.h"

#include <cstdint>

namespace bufferscope {

namespace {
Error releasedError()
{
    return makeError(ErrorCategory::Value, "operation forbidden on released view");
}
} // namespace

View::View(PrivateTag, BufferSource &parent) : m_parent(&parent) {}

View::~View()
{
    if (!m_released)
        m_parent->releaseBuffer();
}

Result<std::unique_ptr<View>> View::create(BufferSource &parent, std::string_view expression,
                                           ExpressionOrigin origin)
{
    // Parse first: a syntax error should not even touch the parent's count.
    auto steps = parseExpression(expression, origin);
    if (!steps)
        return steps.error();
    const RequestFlags flags = parent.descriptor().readonly ? request::FullRO : request::Full;
    auto granted = parent.getBuffer(flags);
    if (!granted)
        return granted.error();
    // A read-on-demand exporter's pointers are read through its reader (exporter.h).
    const auto reader = parent.rootExporter().reader();
    auto applied = applySteps(granted->descriptor, *steps, reader.get());
    if (!applied) {
        parent.releaseBuffer();
        return applied.error();
    }
    auto view = std::make_unique<View>(PrivateTag{}, parent);
    view->m_expression.assign(expression);
    view->m_steps = std::move(steps).value();
    view->m_descriptor = std::move(applied).value();
    if (reader) {
        // While the view is exported (a panel, a memoryview holds it), what reads bring in
        // for it stays (ByteReader::hold); when the last export is given back it may go.
        View *self = view.get();
        view->exportCount().subscribe([self, reader](int exports) {
            if (exports > 0 && !self->m_hold)
                self->m_hold = reader->hold(self->m_descriptor);
            else if (exports == 0)
                self->m_hold.reset();
        });
    }
    return view;
}

const Exporter &View::rootExporter() const
{
    return m_parent->rootExporter();
}

std::string View::fullExpression() const
{
    std::string prefix;
    if (const auto *parentView = dynamic_cast<const View *>(m_parent))
        prefix = parentView->fullExpression();
    return prefix + printSteps(m_steps);
}

Status View::release()
{
    if (m_released)
        return releasedError();
    if (auto status = exportCount().checkNoExports("view"); !status)
        return status;
    m_released = true;
    m_parent->releaseBuffer();
    return {};
}

ByteOffset View::offset() const
{
    const auto start = reinterpret_cast<std::uintptr_t>(rootExporter().data().data());
    return static_cast<ByteOffset>(reinterpret_cast<std::uintptr_t>(m_descriptor.buf) - start);
}

Status View::prepareExport()
{
    if (m_released)
        return releasedError();
    return {};
}

} // namespace bufferscope
