// SPDX-License-Identifier: GPL-3.0-or-later
// arrayInterface and pythonSnippet: a view's layout as NumPy would describe it.
#include "descriptors/numpy_export.h"

#include "buffer/contiguity.h"
#include "buffer/layout.h"
#include "descriptors/view_descriptor.h"
#include "exporters/exporter.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <cstdio>

namespace bufferscope {

namespace {

// The view with NumPy's item dimensions appended, and its dtype in NumPy's words.
struct NumpyView
{
    Descriptor layout; // shape and strides including item dimensions, itemsize of one element
    std::string typestr;
    nlohmann::json descr;
    std::string dtypeExpression;
    std::int64_t offset = 0;
};

Result<NumpyView> numpyView(const BufferSource &source)
{
    const Descriptor &d = source.descriptor();
    if (d.hasSuboffsets())
        return makeError(ErrorCategory::Format,
                         "numpy: cannot express suboffsets (a PIL-style image view); use "
                         "tobytes to get its bytes");
    const auto offset = dataOffset(source);
    if (!offset)
        return makeError(ErrorCategory::Format,
                         "numpy: the view does not start inside its exporter's data");
    auto parsed = parseFormat(d.format);
    if (!parsed)
        return parsed.error();
    const format::Type &type = parsed->root;
    auto typestr = numpyTypestr(type);
    if (!typestr)
        return typestr.error();
    auto descr = numpyDescr(type);
    if (!descr)
        return descr.error();
    auto dtype = numpyDtypeExpression(type);
    if (!dtype)
        return dtype.error();

    NumpyView view;
    view.typestr = std::move(*typestr);
    view.descr = std::move(*descr);
    view.dtypeExpression = std::move(*dtype);
    view.offset = *offset;

    // An item with a repeat or sub-array ("3f") becomes trailing C-order dimensions.
    const auto itemShape = numpyItemShape(type);
    const ByteOffset itemCount = checkedProduct(itemShape, 1).value_or(0);
    view.layout.itemsize = itemCount > 0 ? d.itemsize / itemCount : d.itemsize;
    view.layout.shape = d.shape;
    view.layout.shape.insert(view.layout.shape.end(), itemShape.begin(), itemShape.end());
    view.layout.strides = d.strides;
    const auto itemStrides = contiguousStrides(itemShape, view.layout.itemsize, Order::C);
    view.layout.strides.insert(view.layout.strides.end(), itemStrides.begin(), itemStrides.end());
    view.layout.len = d.len;
    return view;
}

} // namespace

std::string pythonQuote(const std::string &text)
{
    std::string quoted = "'";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\'' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            char escape[5];
            std::snprintf(escape, sizeof escape, "\\x%02x", byte);
            quoted += escape;
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

Result<nlohmann::json> arrayInterface(const BufferSource &source)
{
    auto view = numpyView(source);
    if (!view)
        return view.error();
    nlohmann::json json;
    json["shape"] = view->layout.shape;
    json["typestr"] = view->typestr;
    json["descr"] = view->descr;
    // NumPy's own rule for its C-contiguous flag: PyBuffer_IsContiguous's.
    json["strides"] = pyBufferIsContiguous(view->layout, Order::C)
                          ? nlohmann::json()
                          : nlohmann::json(view->layout.strides);
    json["data"] = nlohmann::json::array({view->offset, source.descriptor().readonly});
    json["version"] = 3;
    return json;
}

Result<std::string> pythonSnippet(const BufferSource &source)
{
    auto view = numpyView(source);
    if (!view)
        return view.error();
    const SourceInfo info = source.rootExporter().source();
    if (info.kind != "npy" && info.kind != "raw")
        return makeError(ErrorCategory::Type,
                         "snippet: a '" + info.kind + "' source has no file to read the data from");
    std::string expression = chainExpression(source);
    for (char &c : expression)
        if (c == '\n' || c == '\r')
            c = ' ';
    const std::string path = pythonQuote(absolutePath(info.path));
    const Descriptor &d = source.descriptor();

    std::string snippet;
    snippet += "# BufferScope view '" + expression + "' of " + path + " (" + info.kind +
               "): shape " + tupleText(d.shape) + ", format '" + d.format + "'.\n";
    snippet += "import numpy as np\n";
    if (d.len == 0) {
        // np.memmap refuses empty files and offsets past the end; an empty view needs no bytes.
        snippet += "data = np.zeros(0, dtype=np.uint8)  # the view is empty: nothing to read\n";
    } else {
        snippet += "# 'offset' is the view's first byte counted from the start of the file.\n";
        snippet += "data = np.memmap(" + path + ", dtype=np.uint8, mode='r')\n";
    }
    snippet += "view = np.ndarray(" + tupleText(d.shape) + ", dtype=" + view->dtypeExpression +
               ", buffer=data, offset=" + std::to_string(d.len == 0 ? 0 : view->offset) +
               ", strides=" + tupleText(d.strides) + ")\n";
    return snippet;
}

} // namespace bufferscope
