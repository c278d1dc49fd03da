// SPDX-License-Identifier: GPL-3.0-or-later
// bufferscope._native.Held: one export obtained with PyObject_GetBuffer and kept until
// release() (or the Held's deallocation) gives it back with PyBuffer_Release. Its attributes
// are a safe snapshot of the Py_buffer (view_snapshot.h) taken right after getbuffer.
//
// Ownership rules:
//  - a Held owns exactly one export while `released` is false, and a reference to the object
//    passed to acquire (`exporter`); view.obj is owned by the Py_buffer as CPython defines it;
//  - release() is idempotent; after it the attributes still describe the export that was held
//    (address then names memory the Held no longer keeps alive).
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "view_snapshot.h"

#include <string>

namespace bufferscope::python {

struct Held
{
    PyObject_HEAD Py_buffer view;
    PyObject *exporter; // strong reference
    int flags;
    bool released;
    ViewSnapshot *snapshot; // owned
    std::string *stray;     // owned: "TypeError: ..." left set by a getbuffer that succeeded
};

extern PyTypeObject *HeldType; // created by readyHeldType

// Create the type (once, from module init).
int readyHeldType();

// acquire(obj, flags) -> Held; the exporter's own exception on refusal, unchanged.
PyObject *acquire(PyObject *obj, int flags);

bool isHeld(PyObject *object);

} // namespace bufferscope::python
