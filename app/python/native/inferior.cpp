// SPDX-License-Identifier: GPL-3.0-or-later
// check_view and describe: the rules and the descriptor of a buffer in another process.
#include "inferior.h"

#include "grant_rules.h"
#include "view_snapshot.h"

#include "descriptors/view_descriptor.h"
#include "exporters/live/live_exporter.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bufferscope::python {

namespace {

// An integer field of the raw dict; false (with a Python error set) when it is missing.
bool rawField(PyObject *raw, const char *name, long long &out)
{
    PyObject *value = PyDict_GetItemString(raw, name); // borrowed
    if (!value) {
        PyErr_Format(PyExc_KeyError, "check_view: raw has no '%s'", name);
        return false;
    }
    // Pointers are unsigned 64-bit values; the signed fields fit in long long as well.
    out = static_cast<long long>(PyLong_AsUnsignedLongLongMask(value));
    return !PyErr_Occurred();
}

PyObject *intList(const std::vector<std::int64_t> &values)
{
    PyObject *list = PyList_New(static_cast<Py_ssize_t>(values.size()));
    for (std::size_t i = 0; list && i < values.size(); ++i) {
        PyObject *item = PyLong_FromLongLong(values[i]);
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);
    }
    return list;
}

// A pointer field as read: None when NULL or unreadable (problems says which).
PyObject *arrayField(const ViewField<std::vector<std::int64_t>> &field)
{
    if (!field.present())
        Py_RETURN_NONE;
    return intList(field.value);
}

} // namespace

PyObject *noteList(const std::vector<std::pair<std::string, std::string>> &items)
{
    PyObject *list = PyList_New(static_cast<Py_ssize_t>(items.size()));
    for (std::size_t i = 0; list && i < items.size(); ++i) {
        PyObject *item = Py_BuildValue("(ss)", items[i].first.c_str(), items[i].second.c_str());
        if (!item) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, static_cast<Py_ssize_t>(i), item);
    }
    return list;
}

PyObject *pyCheckView(PyObject *, PyObject *args, PyObject *kwargs)
{
    static const char *keywords[] = {"pid", "raw", "flags", "probe_memory", nullptr};
    int pid = 0;
    PyObject *raw = nullptr;
    int flags = 0;
    int probeMemory = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "iO!i|p:check_view",
                                     const_cast<char **>(keywords), &pid, &PyDict_Type, &raw,
                                     &flags, &probeMemory))
        return nullptr;
    long long buf = 0, len = 0, itemsize = 0, readonly = 0, ndim = 0, format = 0, shape = 0,
              strides = 0, suboffsets = 0;
    if (!rawField(raw, "buf", buf) || !rawField(raw, "len", len) ||
        !rawField(raw, "itemsize", itemsize) || !rawField(raw, "readonly", readonly) ||
        !rawField(raw, "ndim", ndim) || !rawField(raw, "format", format) ||
        !rawField(raw, "shape", shape) || !rawField(raw, "strides", strides) ||
        !rawField(raw, "suboffsets", suboffsets))
        return nullptr;
    RawView view;
    view.buf = static_cast<Address>(buf);
    view.len = len;
    view.itemsize = itemsize;
    view.readonly = static_cast<int>(readonly);
    view.ndim = static_cast<int>(ndim);
    view.format = static_cast<Address>(format);
    view.shape = static_cast<Address>(shape);
    view.strides = static_cast<Address>(strides);
    view.suboffsets = static_cast<Address>(suboffsets);

    const ProcessMemory memory(static_cast<pid_t>(pid));
    ViewSnapshot snapshot;
    std::vector<RuleResult> results;
    std::vector<std::pair<std::string, std::string>> notes;
    GrantCheckOptions options;
    options.probeMemory = probeMemory != 0;
    Py_BEGIN_ALLOW_THREADS snapshot = snapshotView(view, memory);
    results = checkGrant(snapshot, flags, options, memory);
    notes = diagnoseGrant(snapshot);
    Py_END_ALLOW_THREADS

        PyObject *rules = PyList_New(static_cast<Py_ssize_t>(results.size()));
    for (std::size_t i = 0; rules && i < results.size(); ++i) {
        PyObject *item = Py_BuildValue("(sss)", results[i].rule.c_str(),
                                       outcomeName(results[i].outcome), results[i].message.c_str());
        if (!item) {
            Py_CLEAR(rules);
            break;
        }
        PyList_SET_ITEM(rules, static_cast<Py_ssize_t>(i), item);
    }
    PyObject *formatValue =
        snapshot.format.present()
            ? PyUnicode_DecodeUTF8(snapshot.format.value.data(),
                                   Py_ssize_t(snapshot.format.value.size()), "replace")
            : Py_NewRef(Py_None);
    PyObject *problemList = PyList_New(0);
    for (const std::string &problem : snapshot.problems()) {
        PyObject *text = PyUnicode_FromString(problem.c_str());
        if (text) {
            PyList_Append(problemList, text);
            Py_DECREF(text);
        }
    }
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "format", formatValue, "shape",
                         arrayField(snapshot.shape), "strides", arrayField(snapshot.strides),
                         "suboffsets", arrayField(snapshot.suboffsets), "rules", rules, "notes",
                         noteList(notes), "problems", problemList);
}

PyObject *pyDescribe(PyObject *, PyObject *args)
{
    const char *bufferText = nullptr;
    const char *sourceText = nullptr;
    if (!PyArg_ParseTuple(args, "ss:describe", &bufferText, &sourceText))
        return nullptr;
    const nlohmann::json buffer = nlohmann::json::parse(bufferText, nullptr, false);
    const nlohmann::json source = nlohmann::json::parse(sourceText, nullptr, false);
    if (buffer.is_discarded() || !source.is_object()) {
        PyErr_SetString(PyExc_ValueError, "describe: expected two JSON objects");
        return nullptr;
    }
    auto descriptor = liveDescriptorFromJson(buffer);
    if (!descriptor) {
        PyErr_SetString(PyExc_ValueError, descriptor.error().message.c_str());
        return nullptr;
    }
    LiveObject object;
    object.kind = "debugger";
    object.pid = source.value("pid", std::int64_t(0));
    object.name = source.value("name", std::string());
    object.program = source.value("program", std::string());
    object.expression = source.value("expression", std::string());
    auto exporter = LiveExporter::create(
        std::move(object), std::move(*descriptor),
        std::make_shared<ProcessMemoryReader>(static_cast<pid_t>(source.value("pid", 0))));
    if (!exporter) {
        PyErr_SetString(PyExc_ValueError, exporter.error().message.c_str());
        return nullptr;
    }
    // As bufferscope-cli prints it (app/cli/commands.cpp: pretty).
    const std::string text =
        viewDescriptor(**exporter).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    return PyUnicode_FromStringAndSize(text.data(), Py_ssize_t(text.size()));
}

} // namespace bufferscope::python
