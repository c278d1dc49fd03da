// SPDX-License-Identifier: GPL-3.0-or-later
// memoryview's getbuffer decision (memory_getbuf in Objects/memoryobject.c): which requests an
// exported descriptor satisfies, refused in CPython's order with CPython's texts.
#include "buffer/request.h"

#include "buffer/contiguity.h"

#include <array>
#include <utility>

namespace bufferscope {

namespace {

// CPython's REQ_* macros: a composite flag is asked only when all of its bits are present.
bool asks(RequestFlags flags, RequestFlags wanted)
{
    return (flags & wanted) == wanted;
}

Error refuse(const char *what)
{
    return makeError(ErrorCategory::Export, std::string("memoryview: ") + what);
}

} // namespace

Result<GrantedBuffer> satisfyRequest(const Descriptor &exported, RequestFlags flags)
{
    // Every refusal is decided before anything is granted, in memory_getbuf's order.
    const bool cContiguous = isCContiguous(exported);
    const bool fContiguous = isFContiguous(exported);
    if ((flags & request::Writable) && exported.readonly)
        return refuse("underlying buffer is not writable");
    if (asks(flags, request::CContiguous) && !cContiguous)
        return refuse("underlying buffer is not C-contiguous");
    if (asks(flags, request::FContiguous) && !fContiguous)
        return refuse("underlying buffer is not Fortran contiguous");
    if (asks(flags, request::AnyContiguous) && !cContiguous && !fContiguous)
        return refuse("underlying buffer is not contiguous");
    if (!asks(flags, request::Indirect) && exported.hasSuboffsets())
        return refuse("underlying buffer requires suboffsets");
    if (!asks(flags, request::Strides) && !cContiguous)
        return refuse("underlying buffer is not C-contiguous");
    // Without ND the consumer sees unsigned bytes; a format would contradict that.
    if (!asks(flags, request::ND) && (flags & request::Format))
        return refuse("cannot cast to unsigned bytes if the format flag is present");

    GrantedBuffer granted;
    granted.descriptor = exported;
    granted.formatVisible = (flags & request::Format) != 0;
    granted.shapeVisible = asks(flags, request::ND);
    granted.stridesVisible = asks(flags, request::Strides);
    // memoryview passes its suboffsets on unchanged; they exist here only if INDIRECT was asked.
    granted.suboffsetsVisible = exported.hasSuboffsets();
    return granted;
}

std::span<const NamedRequest> namedRequests()
{
    static constexpr std::array<NamedRequest, 17> kRequests{{
        {"SIMPLE", request::Simple},
        {"WRITABLE", request::Writable},
        {"FORMAT", request::Format},
        {"ND", request::ND},
        {"STRIDES", request::Strides},
        {"C_CONTIGUOUS", request::CContiguous},
        {"F_CONTIGUOUS", request::FContiguous},
        {"ANY_CONTIGUOUS", request::AnyContiguous},
        {"INDIRECT", request::Indirect},
        {"CONTIG", request::Contig},
        {"CONTIG_RO", request::ContigRO},
        {"STRIDED", request::Strided},
        {"STRIDED_RO", request::StridedRO},
        {"RECORDS", request::Records},
        {"RECORDS_RO", request::RecordsRO},
        {"FULL", request::Full},
        {"FULL_RO", request::FullRO},
    }};
    return kRequests;
}

std::vector<std::string> satisfiableRequests(const Descriptor &exported)
{
    std::vector<std::string> names;
    for (const auto &[name, flags] : namedRequests()) {
        if (satisfyRequest(exported, flags).ok())
            names.emplace_back(name);
    }
    return names;
}

} // namespace bufferscope
