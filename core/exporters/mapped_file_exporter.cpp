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
    return Exporter::closedError(m_name);
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

void MappedFileExporter::freeData()
{
    m_file.reset();
    describeClosed(m_descriptor); // nothing is mapped any more
}

} // namespace bufferscope
