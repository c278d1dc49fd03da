// SPDX-License-Identifier: GPL-3.0-or-later
// A C extension whose getbuffer test_gdb.py stops in: gdbgrid.Grid exports a 3x4 int16
// array (value r * 10 - c), gdbgrid.BadGrid the same with len one item short (a broken
// exporter: len-matches-shape fails). getbuffer_filled(view, flags) is called once the
// Py_buffer is complete, for the breakpoint.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct
{
    PyObject_HEAD short data[3][4];
    Py_ssize_t shape[2];
    Py_ssize_t strides[2];
    int bad;
} Grid;

__attribute__((noinline)) void getbuffer_filled(Py_buffer *view, int flags)
{
    __asm__ volatile("" ::"r"(view), "r"(flags) : "memory");
}

static int grid_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    Grid *grid = (Grid *)self;
    view->obj = Py_NewRef(self);
    view->buf = grid->data;
    view->itemsize = sizeof(short);
    view->len = (grid->bad ? 11 : 12) * view->itemsize;
    view->readonly = 1;
    view->format = (flags & PyBUF_FORMAT) ? "h" : NULL;
    view->ndim = 2;
    view->shape = (flags & PyBUF_ND) ? grid->shape : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? grid->strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    getbuffer_filled(view, flags);
    return 0;
}

static PyObject *grid_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    Grid *grid = (Grid *)type->tp_alloc(type, 0);
    if (!grid)
        return NULL;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            grid->data[r][c] = (short)(r * 10 - c);
    grid->shape[0] = 3;
    grid->shape[1] = 4;
    grid->strides[0] = 4 * sizeof(short);
    grid->strides[1] = sizeof(short);
    grid->bad = strcmp(type->tp_name, "gdbgrid.BadGrid") == 0;
    return (PyObject *)grid;
}

static PyBufferProcs grid_as_buffer = {grid_getbuffer, NULL};

static PyTypeObject GridType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gdbgrid.Grid",
    .tp_basicsize = sizeof(Grid),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = grid_new,
    .tp_as_buffer = &grid_as_buffer,
};

static PyTypeObject BadGridType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gdbgrid.BadGrid",
    .tp_basicsize = sizeof(Grid),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = grid_new,
    .tp_as_buffer = &grid_as_buffer,
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "gdbgrid", NULL, -1, NULL};

PyMODINIT_FUNC PyInit_gdbgrid(void)
{
    if (PyType_Ready(&GridType) < 0 || PyType_Ready(&BadGridType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    PyModule_AddObjectRef(m, "Grid", (PyObject *)&GridType);
    PyModule_AddObjectRef(m, "BadGrid", (PyObject *)&BadGridType);
    return m;
}
