// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: arbitrary bytes as the start of a .npy file. The preamble and header
// parser and the descr mapping must return a result or an error, never crash, hang or
// allocate in proportion to a length the input merely claims.
#include "exporters/npy/npy_dtype.h"
#include "exporters/npy/npy_header.h"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace bufferscope::npy;
    const auto bytes = std::as_bytes(std::span(data, size));
    auto header = parseHeader(bytes, "fuzz.npy");
    if (header) {
        auto dtype = dtypeFromDescr(header->descr);
        (void)dtype;
        (void)literalRepr(header->descr);
    }
    // The header text alone, as a bare literal, in both encodings.
    LiteralOptions options;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    if (auto literal = parseLiteral(text, options))
        (void)dtypeFromDescr(*literal);
    options.encoding = TextEncoding::Utf8;
    (void)parseLiteral(text, options);
    return 0;
}
