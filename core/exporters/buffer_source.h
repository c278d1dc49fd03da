// SPDX-License-Identifier: GPL-3.0-or-later
// Anything that hands out buffers on request: an exporter, or a view re-exporting its parent.
// Each successful getBuffer() adds one export; releaseBuffer() gives it back.
//
// Assumptions:
//  - descriptor() is the object's own current metadata; a consumer copies what it is given,
//    so changing the metadata later never alters a live consumer (PEP 3118's view object);
//  - the data behind descriptor().buf does not move or shrink while exports() > 0.
#pragma once

#include "buffer/descriptor.h"
#include "buffer/request.h"
#include "exporters/export_count.h"

namespace bufferscope {

class Exporter;

class BufferSource
{
public:
    virtual ~BufferSource() = default;

    virtual const Descriptor &descriptor() const = 0;
    // The exporter at the top of the chain (itself for an exporter).
    virtual const Exporter &rootExporter() const = 0;

    // Checks the request against descriptor() (satisfyRequest) and counts the export.
    Result<GrantedBuffer> getBuffer(RequestFlags flags);
    void releaseBuffer();

    int exports() const { return m_exportCount.value(); }
    ExportCount &exportCount() { return m_exportCount; }
    const ExportCount &exportCount() const { return m_exportCount; }

protected:
    // Asked by getBuffer() before the request is checked; a refusal leaves the count as it
    // was. Closed exporters refuse here, and the test exporter injects getbuffer failures.
    virtual Status prepareExport() { return {}; }

private:
    ExportCount m_exportCount;
};

} // namespace bufferscope
