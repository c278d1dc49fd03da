# SPDX-License-Identifier: GPL-3.0-or-later
# Reads a JSON list of {"format": ours, "path": file} or {"format": ours, "descr": python text}
# on stdin and prints, for each, whether NumPy's own PEP 3118 parser reads our format as the
# same layout as the file's dtype (the same field names, offsets, scalar types and sub-array
# shapes, and the same itemsize). Void bytes are ignored: they are padding either way.
import ast
import json
import sys
import warnings

import numpy as np
from numpy.core._internal import _dtype_from_pep3118
from numpy.lib import format as npformat

warnings.simplefilter("ignore")


def leaves(dtype, base=0, prefix=""):
    if dtype.subdtype is not None:
        # A sub-array of a sub-array is one sub-array: ((t, (2,)), (3,)) is (t, (3, 2)).
        shape = []
        while dtype.subdtype is not None:
            dtype, inner = dtype.subdtype
            shape += list(inner)
        return [(prefix, base, "sub", shape)] + leaves(dtype, base, prefix + "[]")
    if dtype.names is not None:
        out = []
        for name in dtype.names:
            field, offset = dtype.fields[name][:2]
            out += leaves(field, base + offset, prefix + "." + name)
        return out
    if dtype.kind == "V":
        return []
    return [(prefix, base, dtype.str, [])]


def layout(dtype):
    return {"itemsize": dtype.itemsize, "leaves": leaves(dtype)}


results = []
for item in json.load(sys.stdin):
    if "path" in item:
        expected = np.load(item["path"], mmap_mode="r").dtype
    else:
        expected = npformat.descr_to_dtype(ast.literal_eval(item["descr"]))
    try:
        ours = layout(_dtype_from_pep3118(item["format"]))
    except Exception as error:  # NumPy cannot read our format at all
        ours = "error: %s" % error
    numpy_layout = layout(expected)
    results.append({"same": ours == numpy_layout, "ours": str(ours), "numpy": str(numpy_layout)})
json.dump(results, sys.stdout)
