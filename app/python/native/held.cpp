// SPDX-License-Identifier: GPL-3.0-or-later
// The Held type: getbuffer once, a snapshot of what came back, release once.
#include "held.h"

#include <cstring>
#include <new>

namespace bufferscope::python {

namespace {

Held *asHeld(PyObject *self)
{
    return reinterpret_cast<Held *>(self);
}

void releaseExport(Held *held)
{
    if (held->released)
        return;
    held->released = true;
    PyBuffer_Release(&held->view);
}

void heldDealloc(PyObject *self)
{
    Held *held = asHeld(self);
    releaseExport(held);
    Py_XDECREF(held->exporter);
    delete held->snapshot;
    delete held->stray;
    PyTypeObject *type = Py_TYPE(self);
    type->tp_free(self);
    Py_DECREF(type); // a heap type: each instance holds a reference to it
}

PyObject *tupleOf(const std::vector<std::int64_t> &values)
{
    PyObject *tuple = PyTuple_New(static_cast<Py_ssize_t>(values.size()));
    if (!tuple)
        return nullptr;
    for (std::size_t i = 0; i < values.size(); ++i) {
        PyObject *item = PyLong_FromLongLong(values[i]);
        if (!item) {
            Py_DECREF(tuple);
            return nullptr;
        }
        PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(i), item);
    }
    return tuple;
}

// None for NULL, a tuple when read, BufferError naming the bad pointer otherwise.
PyObject *arrayField(const ViewField<std::vector<std::int64_t>> &field)
{
    if (field.null)
        Py_RETURN_NONE;
    if (!field.error.empty()) {
        PyErr_SetString(PyExc_BufferError, field.error.c_str());
        return nullptr;
    }
    return tupleOf(field.value);
}

const ViewSnapshot &snap(PyObject *self)
{
    return *asHeld(self)->snapshot;
}

PyObject *getAddress(PyObject *self, void *)
{
    return PyLong_FromUnsignedLongLong(snap(self).raw.buf);
}
PyObject *getLen(PyObject *self, void *)
{
    return PyLong_FromLongLong(snap(self).raw.len);
}
PyObject *getItemsize(PyObject *self, void *)
{
    return PyLong_FromLongLong(snap(self).raw.itemsize);
}
PyObject *getReadonly(PyObject *self, void *)
{
    return PyBool_FromLong(snap(self).raw.readonly != 0);
}
PyObject *getNdim(PyObject *self, void *)
{
    return PyLong_FromLong(snap(self).raw.ndim);
}
PyObject *getFormat(PyObject *self, void *)
{
    const auto &field = snap(self).format;
    if (field.null)
        Py_RETURN_NONE;
    if (!field.error.empty()) {
        PyErr_SetString(PyExc_BufferError, field.error.c_str());
        return nullptr;
    }
    // Latin-1: every byte maps to one character, so odd bytes in a broken format still show.
    return PyUnicode_DecodeLatin1(field.value.data(), static_cast<Py_ssize_t>(field.value.size()),
                                  nullptr);
}
PyObject *getShape(PyObject *self, void *)
{
    return arrayField(snap(self).shape);
}
PyObject *getStrides(PyObject *self, void *)
{
    return arrayField(snap(self).strides);
}
PyObject *getSuboffsets(PyObject *self, void *)
{
    return arrayField(snap(self).suboffsets);
}
PyObject *getObj(PyObject *self, void *)
{
    // view.obj as the exporter set it; after release it is gone (PyBuffer_Release clears it).
    PyObject *obj = asHeld(self)->released ? nullptr : asHeld(self)->view.obj;
    return Py_NewRef(obj ? obj : Py_None);
}
PyObject *getExporter(PyObject *self, void *)
{
    return Py_NewRef(asHeld(self)->exporter);
}
PyObject *getFlags(PyObject *self, void *)
{
    return PyLong_FromLong(asHeld(self)->flags);
}
PyObject *getReleased(PyObject *self, void *)
{
    return PyBool_FromLong(asHeld(self)->released);
}
PyObject *getProblems(PyObject *self, void *)
{
    const std::vector<std::string> problems = snap(self).problems();
    PyObject *tuple = PyTuple_New(static_cast<Py_ssize_t>(problems.size()));
    for (std::size_t i = 0; tuple && i < problems.size(); ++i)
        PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(i),
                         PyUnicode_FromString(problems[i].c_str()));
    return tuple;
}
PyObject *getStray(PyObject *self, void *)
{
    const std::string *stray = asHeld(self)->stray;
    if (stray->empty())
        Py_RETURN_NONE;
    return PyUnicode_FromString(stray->c_str());
}

PyObject *heldRelease(PyObject *self, PyObject *)
{
    releaseExport(asHeld(self));
    Py_RETURN_NONE;
}

PyObject *heldEnter(PyObject *self, PyObject *)
{
    return Py_NewRef(self);
}

PyObject *heldExit(PyObject *self, PyObject *)
{
    releaseExport(asHeld(self));
    Py_RETURN_FALSE;
}

PyObject *heldRepr(PyObject *self)
{
    const Held *held = asHeld(self);
    const ViewSnapshot &v = *held->snapshot;
    return PyUnicode_FromFormat(
        "<bufferscope.Held %s of %s at %p: len %zd, itemsize %zd, ndim %d>",
        held->released ? "released" : "export", Py_TYPE(held->exporter)->tp_name,
        reinterpret_cast<void *>(v.raw.buf), static_cast<Py_ssize_t>(v.raw.len),
        static_cast<Py_ssize_t>(v.raw.itemsize), v.raw.ndim);
}

PyGetSetDef heldGetSet[] = {
    {"address", getAddress, nullptr, "view.buf as an int", nullptr},
    {"len", getLen, nullptr, "view.len", nullptr},
    {"itemsize", getItemsize, nullptr, "view.itemsize", nullptr},
    {"readonly", getReadonly, nullptr, "view.readonly as a bool", nullptr},
    {"ndim", getNdim, nullptr, "view.ndim", nullptr},
    {"format", getFormat, nullptr, "view.format, or None when NULL (meaning 'B')", nullptr},
    {"shape", getShape, nullptr, "view.shape as a tuple, or None when NULL", nullptr},
    {"strides", getStrides, nullptr, "view.strides as a tuple, or None when NULL", nullptr},
    {"suboffsets", getSuboffsets, nullptr, "view.suboffsets as a tuple, or None when NULL",
     nullptr},
    {"obj", getObj, nullptr, "view.obj as the exporter set it (None when NULL or released)",
     nullptr},
    {"exporter", getExporter, nullptr, "the object passed to acquire()", nullptr},
    {"flags", getFlags, nullptr, "the request flags", nullptr},
    {"released", getReleased, nullptr, "True once the export was given back", nullptr},
    {"problems", getProblems, nullptr, "pointer fields that could not be read", nullptr},
    {"stray_exception", getStray, nullptr,
     "an exception getbuffer left set although it succeeded ('Type: text'), else None", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyMethodDef heldMethods[] = {
    {"release", heldRelease, METH_NOARGS, "PyBuffer_Release, once; later calls do nothing."},
    {"__enter__", heldEnter, METH_NOARGS, nullptr},
    {"__exit__", heldExit, METH_VARARGS, "Releases the export."},
    {nullptr, nullptr, 0, nullptr},
};

} // namespace

PyTypeObject *HeldType = nullptr;

int readyHeldType()
{
    static PyType_Slot slots[] = {
        {Py_tp_dealloc, reinterpret_cast<void *>(heldDealloc)},
        {Py_tp_repr, reinterpret_cast<void *>(heldRepr)},
        {Py_tp_doc,
         const_cast<char *>(
             "One buffer export held until release() (see bufferscope._native.acquire).")},
        {Py_tp_methods, heldMethods},
        {Py_tp_getset, heldGetSet},
        {0, nullptr},
    };
    static PyType_Spec spec = {"bufferscope._native.Held", sizeof(Held), 0, Py_TPFLAGS_DEFAULT,
                               slots};
    HeldType = reinterpret_cast<PyTypeObject *>(PyType_FromSpec(&spec));
    return HeldType ? 0 : -1;
}

bool isHeld(PyObject *object)
{
    return PyObject_TypeCheck(object, HeldType);
}

PyObject *acquire(PyObject *obj, int flags)
{
    Py_buffer view;
    std::memset(&view, 0, sizeof view);
    if (PyObject_GetBuffer(obj, &view, flags) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "getbuffer failed without setting an exception");
        return nullptr;
    }
    // A getbuffer that succeeds must not leave an exception set; keep its text for the report.
    std::string stray;
    if (PyErr_Occurred()) {
        PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
        PyErr_Fetch(&type, &value, &traceback);
        PyObject *text = value ? PyObject_Str(value) : nullptr;
        const char *utf8 = text ? PyUnicode_AsUTF8(text) : nullptr;
        PyErr_Clear();
        stray = std::string(reinterpret_cast<PyTypeObject *>(type)->tp_name) + ": " +
                (utf8 ? utf8 : "");
        Py_XDECREF(text);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(traceback);
    }
    Held *held = PyObject_New(Held, HeldType);
    if (!held) {
        PyBuffer_Release(&view);
        return nullptr;
    }
    held->view = view;
    held->exporter = Py_NewRef(obj);
    held->flags = flags;
    held->released = false;
    held->snapshot = nullptr;
    held->stray = nullptr;
    RawView raw;
    raw.buf = reinterpret_cast<Address>(view.buf);
    raw.len = view.len;
    raw.itemsize = view.itemsize;
    raw.readonly = view.readonly;
    raw.ndim = view.ndim;
    raw.format = reinterpret_cast<Address>(view.format);
    raw.shape = reinterpret_cast<Address>(view.shape);
    raw.strides = reinterpret_cast<Address>(view.strides);
    raw.suboffsets = reinterpret_cast<Address>(view.suboffsets);
    held->snapshot = new (std::nothrow) ViewSnapshot(snapshotView(raw, ProcessMemory::self()));
    held->stray = new (std::nothrow) std::string(std::move(stray));
    if (!held->snapshot || !held->stray) {
        Py_DECREF(held);
        return PyErr_NoMemory();
    }
    return reinterpret_cast<PyObject *>(held);
}

} // namespace bufferscope::python
