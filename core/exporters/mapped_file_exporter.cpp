// SPDX-License-Identifier: GPL-3.0-or-later
// MappedFileExporter: the mapping's bytes, checks and closing, shared by the file exporters.
#include "exporters/mapped_file_exporter.h"

namespace bufferscope {

void MappedFileExporter::adopt(std::string path, std::unique_ptr<MappedFile> file,
                               Descriptor descriptor)
{
    m_path = std::move(path);
    m_file = std::move(file);
    m_descriptor = std::move(descriptor);
}

std::span<std::byte> MappedFileExporter::data() const
{
    return m_file ? m_file->bytes() : std::span<std::byte>();
}

Status MappedFileExporter::closedError() const
{
    return makeError(ErrorCategory::Value, m_name + " is closed");
}

Status MappedFileExporter::checkUnchanged() const
{
    if (!m_file)
        return closedError();
    return m_file->checkUnchanged();
}

Status MappedFileExporter::checkData() const
{
    if (!m_file)
        return closedError();
    return m_file->checkData();
}

Status MappedFileExporter::prepareExport()
{
    if (!m_file)
        return closedError();
    return {};
}

Status MappedFileExporter::close()
{
    if (!m_file)
        return {};
    if (auto refused = exportCount().checkNoExports(m_name); !refused)
        return refused;
    m_file.reset();
    // Nothing is mapped any more: an empty descriptor that points nowhere.
    m_descriptor.buf = nullptr;
    m_descriptor.len = 0;
    m_descriptor.shape.assign(1, 0);
    m_descriptor.strides.assign(1, m_descriptor.itemsize);
    return {};
}

} // namespace bufferscope
