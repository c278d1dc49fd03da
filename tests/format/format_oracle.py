# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for the format differential tests: generates random format strings with a fixed seed
# and records what CPython's struct and NumPy's PEP 3118 parser make of them.
#   generate SEED COUNT  -> JSON list of cases on stdout
#   numpy                -> reads a JSON list of strings on stdin, prints NumPy's reading of each
import json
import random
import struct
import sys

import numpy as np
from numpy.core._internal import _dtype_from_pep3118

STRUCT_CODES = list("xcbB?hHiIlLqQnNefdspP")
NUMPY_CODES = ["?", "c", "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d",
               "g", "Zf", "Zd", "Zg", "s", "w", "O", "x"]
# Codes NumPy refuses (or has no standard size for); BufferScope accepts most of them.
EXTRA_CODES = ["u", "t", "&i", "&T{d:z:}", "X{}", "X{i->d}", "n", "N", "P", "p"]
PREFIXES = ["@", "=", "<", ">", "!"]


def flatten(dt, base=0, prefix=""):
    """(path, offset, size, byte order) of every field, descending into nested records."""
    out = []
    if dt.names is None:
        return out
    for name in dt.names:
        sub, off = dt.fields[name][:2]
        path = prefix + name
        leaf = sub
        while leaf.subdtype is not None:  # NumPy may nest sub-arrays: "(1)5q" is ((q, 5), 1)
            leaf = leaf.subdtype[0]
        order = leaf.byteorder
        out.append([path, base + off, sub.itemsize, order])
        if sub.subdtype is None and sub.names is not None:
            out.extend(flatten(sub, base + off, path + "."))
    return out


def numpy_reading(text):
    try:
        dt = _dtype_from_pep3118(text)
    except Exception as e:  # the refusal itself is the datum
        return {"error": type(e).__name__}
    return {"itemsize": dt.itemsize, "fields": flatten(dt)}


def struct_size(text):
    try:
        return struct.calcsize(text)
    except struct.error:
        return None


# Named examples checked before the random cases: the contract and NumPy's exports.
EXAMPLES = [
    ("plain", "ib"), ("plain", "b0q"), ("plain", "i 3b"), ("plain", "<i b"), ("plain", "10p3x"),
    ("plain", "@"), ("plain", ""), ("record", "T{i:a:b:b:}"), ("record", "T{b:a:T{b:x:i:y:}:n:}"),
    ("record", "T{}"), ("record", "T{<i}"), ("record", "T{=i:a:>d:b:(2,3)B:c:}"),
    ("record", "T{T{>i:x:@h:y:}:a:=d:b:}"), ("record", "T{i:my field:O:b:}"),
    ("record", "T{b:a:xxxxxxxi:b:}"), ("record", "T{(2)>d:a:}"), ("record", "T{3x:pad:i}"),
    ("record", "T{i:f0:i}"), ("record", "T{T{i}i:f0:}"), ("record", "T{3w:u:3s:s:3c:c:}"),
    ("record", "T{@i<b}"), ("record", "T{b@T{i<b}b}"), ("mixed", "T{i<b}b:z:"),
    ("mixed", "T{<i}b:z:"), ("mixed", "b:a:T{i}:b:"),
]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def count(self, p=0.35, top=6):
        return str(self.r.randint(0, top)) if self.r.random() < p else ""

    def plain(self):
        r = self.r
        text = r.choice(["", "", ""] + PREFIXES)
        for i in range(r.randint(1, 6)):
            if i and r.random() < 0.2:
                text += r.choice([" ", "\t", "  "])
            if i and r.random() < 0.04:
                text += r.choice(PREFIXES)  # struct refuses a prefix that is not first
            text += self.count(0.3, 12) + r.choice(STRUCT_CODES)
        return text

    def record_body(self, depth, names=True):
        r = self.r
        used = set()
        text = ""
        for _ in range(r.randint(0, 5)):
            if r.random() < 0.15:
                text += "(" + ",".join(str(r.randint(1, 3)) for _ in range(r.randint(1, 2))) + ")"
            if r.random() < 0.25:
                text += r.choice(PREFIXES)
            roll = r.random()
            if depth < 3 and roll < 0.15:
                text += self.count(0.2, 3) + "T{" + self.record_body(depth + 1) + "}"
            elif roll < 0.18:
                text += self.count(0.2, 3) + r.choice(EXTRA_CODES)
            else:
                text += self.count(0.3, 5) + r.choice(NUMPY_CODES)
            if names and r.random() < 0.6:
                name = r.choice(["a", "b", "c", "f0", "f1", "x", "y", "value", "n2"])
                if name not in used or r.random() < 0.05:
                    used.add(name)
                    text += ":" + name + ":"
        return text

    def case(self, index):
        if index % 7 < 3:
            return "plain", self.plain()
        if index % 7 < 6:
            return "record", "T{" + self.record_body(1) + "}"
        # A top-level sequence of at least two named items, some of them records.
        text = ""
        for i in range(self.r.randint(2, 4)):
            body = self.record_body(2) if self.r.random() < 0.5 else ""
            item = "T{" + body + "}" if body else self.r.choice(NUMPY_CODES[:-1])
            text += self.r.choice(["", "", "<", "@"]) + item + ":m%d:" % i
        return "mixed", text


def main():
    if sys.argv[1] == "generate":
        seed, count = int(sys.argv[2]), int(sys.argv[3])
        gen = Generator(seed)
        cases = []
        for index in range(-len(EXAMPLES), count):
            kind, text = EXAMPLES[index] if index < 0 else gen.case(index)
            case = {"kind": kind, "text": text, "struct": struct_size(text)}
            if kind != "plain":
                case["numpy"] = numpy_reading(text)
            cases.append(case)
        json.dump(cases, sys.stdout)
    elif sys.argv[1] == "numpy":
        json.dump([numpy_reading(text) for text in json.load(sys.stdin)], sys.stdout)


main()
