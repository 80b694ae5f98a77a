/* Shared declarations of the analyzer.scap._fast extension. */
#ifndef SCAPKIT_FAST_H
#define SCAPKIT_FAST_H
#include <Python.h>

PyObject *fast_render_args(PyObject *self, PyObject *args);
PyObject *fast_render_init(PyObject *self, PyObject *args);
PyObject *fast_render_parts(PyObject *self, PyObject *args);
PyObject *fast_argcols_add(PyObject *self, PyObject *args);

#endif
