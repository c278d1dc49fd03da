// SPDX-License-Identifier: GPL-3.0-or-later
// _bufferscope_broken: a test-only exporter whose getbuffer breaks one conformance rule per
// switch, so the tests can show that bufferscope.check() notices every rule (and that a bad
// pointer is reported, not dereferenced). Exporter("") is correct; Exporter(switch) breaks the
// rule named before the '/' of the switch (e.g. "elements-readable/row-pointer").
//
// The correct export: a C-contiguous (2, 3) array of 'i' in a 64-byte zeroed block, writable,
// answering each request as PyBuffer_FillInfo would for an N-D array (format only with
// FORMAT, shape only with ND, strides only with STRIDES, no suboffsets). "elements-readable/
// row-pointer" is PIL-style instead (suboffsets, refused without INDIRECT, like _testbuffer's
// ND_PIL):
//
//   buf ──► [row 0 ─► data + 0 ] [row 1 ─► PROT_NONE page]      strides (8, 4), suboffsets (0, -1)
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace {

const char *const kSwitches[] = {
    "refusal-sets-exception",
    "success-without-exception",
    "obj-is-exporter",
    "pointers-readable/shape",
    "pointers-readable/format",
    "ndim-in-range",
    "itemsize-positive",
    "shape-nonnegative",
    "len-matches-shape",
    "format-parses",
    "itemsize-matches-format",
    "format-when-requested",
    "shape-when-requested",
    "strides-when-requested",
    "suboffsets-only-if-indirect",
    "format-null-unless-requested",
    "shape-null-unless-requested",
    "strides-null-unless-requested",
    "writable-as-requested",
    "c-order-without-strides",
    "contiguous-as-requested",
    "elements-readable/buf",
    "elements-readable/row-pointer",
    "elements-inside-owner",
    "consistent-across-requests",
    "release-restores/reference",
    "release-restores/refused-again",
};

// One page nobody can read, for the bad pointers (PROT_NONE stays mapped, so nothing else is
// ever placed there while the module lives).
void *badPage()
{
    static void *page = mmap(nullptr, static_cast<std::size_t>(sysconf(_SC_PAGESIZE)), PROT_NONE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return page;
}

struct Exporter
{
    PyObject_HEAD char switchName[48];
    alignas(8) unsigned char data[64];
    void *rows[2];
    Py_ssize_t shape[2];
    Py_ssize_t strides[2];
    Py_ssize_t suboffsets[2];
    int exports;
    int released; // how many releases so far
};

bool is(const Exporter *e, const char *name)
{
    return std::strcmp(e->switchName, name) == 0;
}

bool asks(int flags, int wanted)
{
    return (flags & wanted) == wanted;
}

int getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    auto *e = reinterpret_cast<Exporter *>(self);
    if (is(e, "refusal-sets-exception") && (flags & PyBUF_WRITABLE))
        return -1; // no exception set: the bug
    // Released twice: once after bufferscope's look at what it owns, once after the first
    // request; the same request asked again is then refused.
    if (is(e, "release-restores/refused-again") && e->released >= 2) {
        PyErr_SetString(PyExc_BufferError, "exporter: refusing after the first release");
        return -1;
    }
    const bool pil = is(e, "elements-readable/row-pointer");
    if (pil && !asks(flags, PyBUF_INDIRECT)) {
        PyErr_SetString(PyExc_BufferError, "exporter: cannot be represented without suboffsets");
        return -1;
    }
    if (pil && (flags & (PyBUF_C_CONTIGUOUS | PyBUF_F_CONTIGUOUS | PyBUF_ANY_CONTIGUOUS) &
                ~PyBUF_STRIDES)) {
        PyErr_SetString(PyExc_BufferError, "exporter: not contiguous");
        return -1;
    }
    const bool fortran = is(e, "c-order-without-strides");
    const bool gappy = is(e, "contiguous-as-requested") || is(e, "elements-inside-owner");
    if (!fortran && asks(flags, PyBUF_F_CONTIGUOUS)) {
        PyErr_SetString(PyExc_BufferError, "exporter: not Fortran contiguous");
        return -1;
    }
    if (gappy && is(e, "elements-inside-owner") && !asks(flags, PyBUF_STRIDES) &&
        asks(flags, PyBUF_ND)) {
        PyErr_SetString(PyExc_BufferError, "exporter: not C-contiguous");
        return -1;
    }
    e->shape[0] = is(e, "shape-nonnegative") ? -2 : 2;
    e->shape[1] = 3;
    e->strides[0] = fortran ? 4 : gappy ? 16 : 12;
    e->strides[1] = fortran ? 8 : 4;
    e->suboffsets[0] = pil ? 0 : -1;
    e->suboffsets[1] = -1;
    if (pil) {
        e->rows[0] = e->data;
        e->rows[1] = badPage();
        e->strides[0] = sizeof(void *);
    }

    view->obj = Py_NewRef(is(e, "obj-is-exporter") ? Py_None : self);
    if (is(e, "release-restores/reference"))
        Py_INCREF(self); // never given back
    view->buf = is(e, "elements-readable/buf") ? badPage()
                : pil                          ? static_cast<void *>(e->rows)
                                               : e->data;
    view->itemsize = is(e, "itemsize-positive") ? 0 : 4;
    view->len = is(e, "len-matches-shape") && asks(flags, PyBUF_ND) ? 20 : 24;
    if (is(e, "consistent-across-requests") && !asks(flags, PyBUF_ND))
        view->len = 12;
    view->readonly = is(e, "writable-as-requested") ? 1 : 0;
    const bool withFormat = (flags & PyBUF_FORMAT) || is(e, "format-null-unless-requested");
    const char *format = is(e, "format-parses")             ? "<P"
                         : is(e, "itemsize-matches-format") ? "h"
                                                            : "i";
    view->format =
        withFormat && !is(e, "format-when-requested") ? const_cast<char *>(format) : nullptr;
    if (is(e, "pointers-readable/format"))
        view->format = static_cast<char *>(badPage());
    const bool nd = asks(flags, PyBUF_ND);
    const bool withShape =
        (nd && !is(e, "shape-when-requested")) || is(e, "shape-null-unless-requested");
    view->ndim = is(e, "ndim-in-range") ? 65 : nd || withShape ? 2 : 1;
    view->shape = withShape ? e->shape : nullptr;
    if (is(e, "pointers-readable/shape") && nd)
        view->shape = static_cast<Py_ssize_t *>(badPage());
    const bool withStrides = (asks(flags, PyBUF_STRIDES) && !is(e, "strides-when-requested")) ||
                             is(e, "strides-null-unless-requested") || fortran;
    view->strides = withStrides && nd ? e->strides : nullptr;
    view->suboffsets = pil || is(e, "suboffsets-only-if-indirect") ? e->suboffsets : nullptr;
    view->internal = nullptr;
    ++e->exports;
    if (is(e, "success-without-exception"))
        PyErr_SetString(PyExc_RuntimeError, "exporter: left behind");
    return 0;
}

void releasebuffer(PyObject *self, Py_buffer *)
{
    auto *e = reinterpret_cast<Exporter *>(self);
    --e->exports;
    ++e->released;
}

int init(PyObject *self, PyObject *args, PyObject *)
{
    auto *e = reinterpret_cast<Exporter *>(self);
    const char *name = "";
    if (!PyArg_ParseTuple(args, "|s", &name))
        return -1;
    bool known = name[0] == '\0';
    for (const char *candidate : kSwitches)
        known = known || std::strcmp(candidate, name) == 0;
    if (!known) {
        PyErr_Format(PyExc_ValueError, "unknown switch %s", name);
        return -1;
    }
    std::snprintf(e->switchName, sizeof e->switchName, "%s", name);
    std::memset(e->data, 0, sizeof e->data);
    for (int i = 0; i < 6; ++i)
        std::memcpy(e->data + 4 * i, &i, 4);
    e->exports = 0;
    e->released = 0;
    return 0;
}

PyObject *getExports(PyObject *self, void *)
{
    return PyLong_FromLong(reinterpret_cast<Exporter *>(self)->exports);
}

PyGetSetDef getset[] = {
    {"exports", getExports, nullptr, "exports not yet released", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyModuleDef moduleDef = {
    PyModuleDef_HEAD_INIT,
    "_bufferscope_broken",
    "Test-only exporter that breaks one buffer rule per switch.",
    -1,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

} // namespace

PyMODINIT_FUNC PyInit__bufferscope_broken()
{
    if (badPage() == MAP_FAILED) {
        PyErr_SetString(PyExc_OSError, "cannot map the unreadable page");
        return nullptr;
    }
    static PyType_Slot slots[] = {
        {Py_tp_init, reinterpret_cast<void *>(init)},
        {Py_tp_new, reinterpret_cast<void *>(PyType_GenericNew)},
        {Py_tp_getset, getset},
        {Py_bf_getbuffer, reinterpret_cast<void *>(getbuffer)},
        {Py_bf_releasebuffer, reinterpret_cast<void *>(releasebuffer)},
        {0, nullptr},
    };
    static PyType_Spec spec = {"_bufferscope_broken.Exporter", sizeof(Exporter), 0,
                               Py_TPFLAGS_DEFAULT, slots};
    PyObject *module = PyModule_Create(&moduleDef);
    if (!module)
        return nullptr;
    PyObject *type = PyType_FromSpec(&spec);
    PyObject *switches = PyTuple_New(std::size(kSwitches));
    for (std::size_t i = 0; switches && i < std::size(kSwitches); ++i)
        PyTuple_SET_ITEM(switches, i, PyUnicode_FromString(kSwitches[i]));
    if (!type || !switches || PyModule_AddObject(module, "Exporter", type) < 0 ||
        PyModule_AddObject(module, "SWITCHES", switches) < 0) {
        Py_XDECREF(type);
        Py_XDECREF(switches);
        Py_DECREF(module);
        return nullptr;
    }
    return module;
}
