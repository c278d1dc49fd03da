# SPDX-License-Identifier: GPL-3.0-or-later
# The oracle of test_encode: for each [format, text, our_hex] on stdin (JSON), how Python
# stores the number typed as `text` in one item of `format` (struct.pack for integers,
# floats and bools; NumPy for complex, which struct has no code for), or None when Python
# refuses it; and whether NumPy, reading our bytes back, sees the number that was typed.
# Prints [[expected_hex or None, read_back_ok or None], ...].
import json
import re
import struct
import sys

import numpy as np

BOOLS = {'True': True, 'true': True, '1': True, 'False': False, 'false': False, '0': False}


def split(fmt):
    prefix = fmt[0] if fmt[0] in '@=<>!' else ''
    return prefix, fmt[len(prefix):]


def numpy_dtype(fmt):
    prefix, code = split(fmt)
    order = '>' if prefix in ('>', '!') else '<'  # native is little-endian on this machine
    if code == '?':
        return np.dtype('?')
    if code.startswith('Z'):
        return np.dtype(order + 'c' + str(2 * struct.calcsize(prefix + code[1])))
    size = struct.calcsize(fmt)
    kind = 'f' if code in 'efd' else ('u' if code.isupper() else 'i')
    return np.dtype(order + kind + str(size))


def value_of(fmt, text):
    """The Python number typed, or raises ValueError when Python would not read it."""
    t = text.strip(' \t')
    if '_' in t or not t.isascii():  # int() and float() also take digit separators and
        raise ValueError(t)           # other scripts' digits ('\u0663'); the table does not
    code = split(fmt)[1]
    if code == '?':
        if t not in BOOLS:
            raise ValueError(t)
        return BOOLS[t]
    if code.startswith('Z'):
        return complex(t)
    if code in 'efd':
        return float(t)
    if not re.fullmatch(r'[+-]?[0-9]+', t):  # int() also reads non-ASCII digits
        raise ValueError(t)
    return int(t)


def expected_bytes(fmt, value):
    if split(fmt)[1].startswith('Z'):
        with np.errstate(over='ignore'):
            item = np.array([value], dtype=np.complex128).astype(numpy_dtype(fmt))
        parts = [(value.real, item.real[0]), (value.imag, item.imag[0])]
        if any(np.isinf(stored) and np.isfinite(typed) for typed, stored in parts):
            return None  # refused, as struct refuses 1e40 for 'f'
        return item.tobytes().hex()
    try:
        return struct.pack(fmt, value).hex()
    except (struct.error, OverflowError):
        return None


def same(typed, stored):
    if isinstance(typed, complex):
        return same(typed.real, stored.real) and same(typed.imag, stored.imag)
    if isinstance(typed, float) and typed != typed:
        return stored != stored
    return typed == stored


def read_back(fmt, value, ours):
    """NumPy reads our bytes; they must hold the typed number at the type's precision."""
    dtype = numpy_dtype(fmt)
    stored = np.frombuffer(bytes.fromhex(ours), dtype=dtype)[0].item()
    if isinstance(value, bool) or isinstance(value, int):
        return same(value, stored)
    rounded = np.array([value]).astype(dtype)[0].item()  # the typed number at this precision
    return same(rounded, stored)


out = []
with np.errstate(over='ignore', invalid='ignore'):
    for fmt, text, ours in json.load(sys.stdin):
        try:
            value = value_of(fmt, text)
        except (ValueError, KeyError):
            out.append([None, None])
            continue
        expected = expected_bytes(fmt, value)
        out.append([expected, read_back(fmt, value, ours) if ours and expected else None])
print(json.dumps(out))
