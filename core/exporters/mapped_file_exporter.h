// SPDX-License-Identifier: GPL-3.0-or-later
// The part every file exporter shares (raw, .npy): it owns a MappedFile and the descriptor
// over it, answers data(), checkUnchanged(), checkData() and close() from them, and names
// itself ("raw file", "npy file") in the errors those give.
//
// Ownership rules: the mapping lives until close(), which is refused while exported; after
// close() data() is empty, the descriptor points nowhere, and every check and new export is
// refused with "<name> is closed".
#pragma once

#include "exporters/exporter.h"
#include "exporters/mapped_file.h"

#include <memory>
#include <string>

namespace bufferscope {

class MappedFileExporter : public Exporter
{
public:
    const Descriptor &descriptor() const override { return m_descriptor; }
    std::span<std::byte> data() const override;

    const std::string &path() const { return m_path; }
    // The file as it was opened, compared with the file on disk now (MappedFile).
    Status checkUnchanged() const;
    // MappedFile::checkData: refused once a read met a truncated file or the file changed.
    Status checkData() const override;

protected:
    // `name` is what the errors call this exporter: "npy file", "raw file".
    explicit MappedFileExporter(std::string name) : m_name(std::move(name)) {}

    // Takes the open mapping of `path` and the descriptor of the data in it.
    void adopt(std::string path, std::unique_ptr<MappedFile> file, Descriptor descriptor);

    std::string closingName() const override { return m_name; }
    void freeData() override; // unmaps the file

private:
    Status closedError() const;

    std::string m_name;
    std::string m_path;
    std::unique_ptr<MappedFile> m_file;
    Descriptor m_descriptor;
};

} // namespace bufferscope
