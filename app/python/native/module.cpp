// SPDX-License-Identifier: GPL-3.0-or-later
// bufferscope._native: the C half of the bufferscope Python package. It holds exports
// (Held), reads this process's memory without trusting it (read, read_many), and judges one
// granted buffer with core's code (check_grant, parse_format). The pure-Python package on top
// (check.py, report.py) runs the requests and writes the report. No Qt here.
#include "grant_rules.h"
#include "held.h"
#include "inferior.h"

#include "buffer/request.h"
#include "format/numpy_typestr.h"
#include "format/parser.h"

#include <sys/prctl.h>

#include <cerrno>
#include <string>
#include <vector>

namespace bufferscope::python {

namespace {

// Raises OSError(EFAULT, message) for unreadable memory, ValueError for refused arguments.
PyObject *raise(const Error &error)
{
    if (error.category == ErrorCategory::Bounds) {
        PyObject *args = Py_BuildValue("(is)", EFAULT, error.message.c_str());
        if (args) {
            PyErr_SetObject(PyExc_OSError, args);
            Py_DECREF(args);
        }
        return nullptr;
    }
    PyErr_SetString(error.category == ErrorCategory::Io ? PyExc_OSError : PyExc_ValueError,
                    error.message.c_str());
    return nullptr;
}

bool parseRange(PyObject *item, AddressRange &range)
{
    unsigned long long address = 0;
    Py_ssize_t size = 0;
    if (!PyArg_ParseTuple(item, "Kn;a range is (address, size)", &address, &size))
        return false;
    if (size < 0) {
        PyErr_Format(PyExc_ValueError, "read: size must not be negative, got %zd", size);
        return false;
    }
    range = {static_cast<Address>(address), static_cast<std::size_t>(size)};
    return true;
}

PyObject *pyAcquire(PyObject *, PyObject *args, PyObject *kwargs)
{
    static const char *keywords[] = {"obj", "flags", nullptr};
    PyObject *obj = nullptr;
    int flags = request::FullRO;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|i:acquire", const_cast<char **>(keywords),
                                     &obj, &flags))
        return nullptr;
    return acquire(obj, flags);
}

PyObject *pyRead(PyObject *, PyObject *args)
{
    PyObject *tuple = args;
    AddressRange range;
    if (!parseRange(tuple, range))
        return nullptr;
    PyObject *bytes = PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(range.size));
    if (!bytes)
        return nullptr;
    auto *out = reinterpret_cast<std::byte *>(PyBytes_AS_STRING(bytes));
    Status s;
    Py_BEGIN_ALLOW_THREADS s =
        ProcessMemory::self().read(range.address, std::span(out, range.size));
    Py_END_ALLOW_THREADS if (!s)
    {
        Py_DECREF(bytes);
        return raise(s.error());
    }
    return bytes;
}

PyObject *pyReadMany(PyObject *, PyObject *arg)
{
    PyObject *seq = PySequence_Fast(arg, "read_many: expected a sequence of (address, size)");
    if (!seq)
        return nullptr;
    const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    std::vector<AddressRange> ranges(static_cast<std::size_t>(n));
    std::size_t total = 0;
    for (Py_ssize_t i = 0; i < n; ++i) {
        if (!parseRange(PySequence_Fast_GET_ITEM(seq, i), ranges[i])) {
            Py_DECREF(seq);
            return nullptr;
        }
        total += ranges[i].size;
    }
    Py_DECREF(seq);
    std::vector<std::byte> bytes(total);
    Status s;
    Py_BEGIN_ALLOW_THREADS s = ProcessMemory::self().readMany(ranges, bytes);
    Py_END_ALLOW_THREADS if (!s) return raise(s.error());
    PyObject *list = PyList_New(n);
    std::size_t at = 0;
    for (Py_ssize_t i = 0; list && i < n; ++i) {
        PyObject *item =
            PyBytes_FromStringAndSize(reinterpret_cast<const char *>(bytes.data()) + at,
                                      static_cast<Py_ssize_t>(ranges[i].size));
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, item);
        at += ranges[i].size;
    }
    return list;
}

PyObject *pyCheckGrant(PyObject *, PyObject *args, PyObject *kwargs)
{
    static const char *keywords[] = {"held", "owners", "max_pointers", "probe_memory", nullptr};
    PyObject *heldObject = nullptr;
    PyObject *owners = Py_None;
    long long maxPointers = GrantCheckOptions{}.maxPointers;
    int probeMemory = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!|OLp:check_grant",
                                     const_cast<char **>(keywords), HeldType, &heldObject, &owners,
                                     &maxPointers, &probeMemory))
        return nullptr;
    GrantCheckOptions options;
    options.maxPointers = maxPointers;
    options.probeMemory = probeMemory != 0;
    if (owners != Py_None) {
        PyObject *seq =
            PySequence_Fast(owners, "check_grant: owners is a sequence of (address, size)");
        if (!seq)
            return nullptr;
        for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); ++i) {
            AddressRange range;
            if (!parseRange(PySequence_Fast_GET_ITEM(seq, i), range)) {
                Py_DECREF(seq);
                return nullptr;
            }
            options.owners.push_back(range);
        }
        Py_DECREF(seq);
    }
    const Held *held = reinterpret_cast<const Held *>(heldObject);
    std::vector<RuleResult> results;
    Py_BEGIN_ALLOW_THREADS results =
        checkGrant(*held->snapshot, held->flags, options, ProcessMemory::self());
    Py_END_ALLOW_THREADS PyObject *list = PyList_New(static_cast<Py_ssize_t>(results.size()));
    for (std::size_t i = 0; list && i < results.size(); ++i) {
        PyObject *item = Py_BuildValue("(sss)", results[i].rule.c_str(),
                                       outcomeName(results[i].outcome), results[i].message.c_str());
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);
    }
    return list;
}

PyObject *pyDiagnose(PyObject *, PyObject *heldObject)
{
    if (!isHeld(heldObject)) {
        PyErr_SetString(PyExc_TypeError, "diagnose: expected a Held");
        return nullptr;
    }
    return noteList(diagnoseGrant(*reinterpret_cast<const Held *>(heldObject)->snapshot));
}

// The export counters CPython keeps in public structs; None for other types.
PyObject *pyExportCount(PyObject *, PyObject *obj)
{
    if (PyByteArray_Check(obj))
        return PyLong_FromSsize_t(reinterpret_cast<PyByteArrayObject *>(obj)->ob_exports);
    if (PyMemoryView_Check(obj))
        return PyLong_FromSsize_t(reinterpret_cast<PyMemoryViewObject *>(obj)->exports);
    Py_RETURN_NONE;
}

// Yama (ptrace_scope 1, Ubuntu's default) lets a process read another's memory only if it
// is an ancestor or was named with PR_SET_PTRACER; a viewer started from Python is a child,
// so the Python process names it here. False when Yama is not there (nothing to allow).
PyObject *pyAllowReader(PyObject *, PyObject *arg)
{
    const long pid = PyLong_AsLong(arg);
    if (pid == -1 && PyErr_Occurred())
        return nullptr;
    if (prctl(PR_SET_PTRACER, static_cast<unsigned long>(pid), 0, 0, 0) == 0)
        Py_RETURN_TRUE;
    if (errno == EINVAL)
        Py_RETURN_FALSE;
    return PyErr_SetFromErrno(PyExc_OSError);
}

PyObject *pyParseFormat(PyObject *, PyObject *arg)
{
    Py_ssize_t size = 0;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &size);
    if (!text)
        return nullptr;
    Result<format::FormatLayout> layout = parseFormat(std::string_view(text, size));
    if (!layout)
        return raise(layout.error());
    const std::string basis = itemsizeBasis(std::string_view(text, size));
    return Py_BuildValue("{s:L,s:L,s:s,s:s}", "itemsize",
                         static_cast<long long>(layout->itemsize()), "alignment",
                         static_cast<long long>(layout->alignment()), "canonical",
                         layout->canonical().c_str(), "basis", basis.c_str());
}

PyObject *pyFormatFromType(PyObject *, PyObject *arg)
{
    Py_ssize_t size = 0;
    const char *text = PyUnicode_AsUTF8AndSize(arg, &size);
    if (!text)
        return nullptr;
    Result<std::string> format = formatFromTypeText(std::string_view(text, size));
    if (!format)
        return raise(format.error());
    return PyUnicode_FromStringAndSize(format->data(), Py_ssize_t(format->size()));
}

PyMethodDef methods[] = {
    {"acquire", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(pyAcquire)),
     METH_VARARGS | METH_KEYWORDS,
     "acquire(obj, flags=FULL_RO) -> Held\n\nPyObject_GetBuffer(obj, &view, flags). A refusal "
     "raises the exporter's own exception unchanged."},
    {"read", pyRead, METH_VARARGS,
     "read(address, size) -> bytes\n\nCopies this process's memory with process_vm_readv; "
     "unreadable memory raises OSError(EFAULT) naming the range instead of crashing."},
    {"read_many", pyReadMany, METH_O,
     "read_many([(address, size), ...]) -> list of bytes, in batched system calls."},
    {"check_grant", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(pyCheckGrant)),
     METH_VARARGS | METH_KEYWORDS,
     "check_grant(held, owners=None, max_pointers=1<<20, probe_memory=True) -> "
     "[(rule, outcome, message)]\n\nThe per-grant conformance rules; outcome is 'pass', "
     "'fail' or 'n/a'. probe_memory=False skips the elements-readable probe (n/a)."},
    {"diagnose", pyDiagnose, METH_O,
     "diagnose(held) -> [(severity, message)]: core's layout diagnostics of the held export "
     "(negative or zero strides, overlap, misalignment, gaps, dereferences)."},
    {"export_count", pyExportCount, METH_O,
     "export_count(obj) -> int or None: the exports CPython counts for bytearray/memoryview."},
    {"allow_reader", pyAllowReader, METH_O,
     "allow_reader(pid) -> bool\n\nprctl(PR_SET_PTRACER, pid): lets process pid read this "
     "process's memory with process_vm_readv under Yama ptrace_scope 1. False when Yama is "
     "absent (every process of the same user may read already)."},
    {"parse_format", pyParseFormat, METH_O,
     "parse_format(text) -> {'itemsize', 'alignment', 'canonical', 'basis'}; ValueError with "
     "core's message when it does not parse."},
    {"check_view", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(pyCheckView)),
     METH_VARARGS | METH_KEYWORDS,
     "check_view(pid, raw, flags, probe_memory=True) -> {'format', 'shape', 'strides', "
     "'suboffsets', 'rules', 'notes', 'problems'}\n\nThe per-grant rules of a Py_buffer in "
     "process pid (gdb's show-pybuffer): raw holds its fields, pointers as integers; the "
     "arrays they point to are read with process_vm_readv."},
    {"describe", pyDescribe, METH_VARARGS,
     "describe(buffer_json, source_json) -> str\n\nThe descriptor JSON bufferscope-cli view "
     "prints, of a buffer in another process (a debugger exporter)."},
    {"format_from_type", pyFormatFromType, METH_O,
     "format_from_type(text) -> str: a NumPy type string ('<f4', 'uint8') as the struct "
     "format of the same item; any other text unchanged. ValueError with core's message."},
    {nullptr, nullptr, 0, nullptr},
};

PyModuleDef moduleDef = {
    PyModuleDef_HEAD_INIT,
    "bufferscope._native",
    "BufferScope's native half: held exports, safe memory reads and the per-grant rules.",
    -1,
    methods,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};


// CPython's own values, so a mismatch with Include/pybuffer.h fails the build.
static_assert(request::Writable == PyBUF_WRITABLE && request::Format == PyBUF_FORMAT &&
              request::ND == PyBUF_ND && request::Strides == PyBUF_STRIDES &&
              request::CContiguous == PyBUF_C_CONTIGUOUS &&
              request::FContiguous == PyBUF_F_CONTIGUOUS &&
              request::AnyContiguous == PyBUF_ANY_CONTIGUOUS &&
              request::Indirect == PyBUF_INDIRECT && request::Full == PyBUF_FULL &&
              request::FullRO == PyBUF_FULL_RO && request::Records == PyBUF_RECORDS &&
              request::RecordsRO == PyBUF_RECORDS_RO && request::Strided == PyBUF_STRIDED &&
              request::StridedRO == PyBUF_STRIDED_RO && request::Contig == PyBUF_CONTIG &&
              request::ContigRO == PyBUF_CONTIG_RO);

} // namespace

} // namespace bufferscope::python

PyMODINIT_FUNC PyInit__native()
{
    using namespace bufferscope::python;
    if (readyHeldType() < 0)
        return nullptr;
    PyObject *module = PyModule_Create(&moduleDef);
    if (!module)
        return nullptr;
    if (PyModule_AddObjectRef(module, "Held", reinterpret_cast<PyObject *>(HeldType)) < 0) {
        Py_DECREF(module);
        return nullptr;
    }
    for (const bufferscope::NamedRequest &flag : bufferscope::namedRequests()) {
        if (PyModule_AddIntConstant(module, flag.name, flag.flags) < 0) {
            Py_DECREF(module);
            return nullptr;
        }
    }
    return module;
}
