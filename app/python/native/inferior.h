// SPDX-License-Identifier: GPL-3.0-or-later
// The native half of gdb's `bufferscope` commands (bufferscope/gdb_commands.py): a Py_buffer
// of ANOTHER process (the program stopped in gdb) judged by the same per-grant rules as
// bufferscope.check(), and the descriptor JSON of a buffer in another process exactly as
// `bufferscope-cli view` prints it. Memory of the other process is read with
// process_vm_readv (ProcessMemory), never dereferenced.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string>
#include <utility>
#include <vector>

namespace bufferscope::python {

// A list of (str, str) tuples: the grant rules' notes (diagnoseGrant) as Python sees them.
// NULL with a Python error set when memory runs out.
PyObject *noteList(const std::vector<std::pair<std::string, std::string>> &notes);

// check_view(pid, raw, flags, probe_memory=True) -> dict; raw is a dict of a Py_buffer's
// fields as gdb read them ("buf", "len", "itemsize", "readonly", "ndim", and the pointers
// "format", "shape", "strides", "suboffsets" as integers).
PyObject *pyCheckView(PyObject *self, PyObject *args, PyObject *kwargs);

// describe(buffer_json, source_json) -> str: viewDescriptor of a debugger exporter.
PyObject *pyDescribe(PyObject *self, PyObject *args);

} // namespace bufferscope::python
