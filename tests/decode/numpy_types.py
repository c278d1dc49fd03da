# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for test_numpy_typestr.
#   numpy_types.py generate SEED COUNT: random PEP 3118 formats NumPy can read, each with the
#     __array_interface__ typestr and descr of np.frombuffer(b'', dtype) and the trailing
#     dimensions NumPy adds (shape[1:]); plus formats NumPy refuses. Prints JSON.
#   numpy_types.py check: reads [[format, expression], ...] on stdin, prints the formats
#     whose expression does not evaluate to NumPy's dtype for the format.
import json
import random
import sys

import numpy as np
from numpy.core._internal import _dtype_from_pep3118


def numpy_dtype(fmt):
    """NumPy's dtype for the format, for a buffer whose itemsize is struct's:
    - NumPy 1.24's PEP 3118 reader lacks n/N; on LP64 they are ssize_t/size_t, i.e. q/Q;
    - NumPy pads a top-level item list to its alignment when '@' is in effect at the end
      ('ib' -> itemsize 8), and then refuses real buffers of that format, whose itemsize
      is calcsize's 5 ("Item size 5 for PEP 3118 buffer format string ib does not match
      the dtype V item size 8"). BufferScope describes the buffer as it is, so the oracle
      asks NumPy for the same items without that final padding: a trailing '=0x' (no
      bytes, '=' in effect at the end) does exactly that and changes nothing else."""
    return _dtype_from_pep3118(fmt.replace('n', 'q').replace('N', 'Q') + '=0x')


def generate(seed, count):
    rng = random.Random(seed)
    # No 'n' or 'N' in names: numpy_dtype rewrites those codes.
    names = ['a', 'b', 'x', 'y', 'val', 'r_g', 'Ümï', "it's", 'sp ace', 'q"uo\\te']
    prefix = ['@']  # NumPy reads a prefix as lasting to the end of the text, even past '}'

    def scalar(shaped):
        native = prefix[0] == '@'  # g, Zg (NumPy) and n, N (struct) exist only under '@'
        code = rng.choice('bBhHiIlLqQ?efdcswxZZ' + ('gnN' if native else ''))
        if code == 'Z':
            code += rng.choice('fd' + ('g' if native else ''))
        if code in 'swx' and rng.random() < 0.6:
            code = str(rng.randint(1, 5)) + code
        elif rng.random() < 0.15 and not shaped:
            # A count after a sub-array shape ("(2,2)4e") is a sub-array of a sub-array in
            # NumPy; format::Field has one merged shape, so those are left out.
            code = str(rng.randint(2, 4)) + code
        return code

    def items(depth, inside):
        out = []
        used = set()
        for _ in range(rng.randint(1, 4)):
            text = ''
            if rng.random() < 0.2:
                prefix[0] = rng.choice('@=<>!')
                text += prefix[0]
            shaped = rng.random() < 0.15
            if shaped:
                text += '(' + ','.join(str(rng.randint(1, 3))
                                       for _ in range(rng.randint(1, 2))) + ')'
            if depth < 3 and rng.random() < 0.2:
                text += 'T{' + items(depth + 1, True) + '}'
            else:
                text += scalar(shaped)
            padding = text.endswith('x')
            if not padding and rng.random() < (0.7 if inside else 0.4):
                name = rng.choice([n for n in names if n not in used] or ['z'])
                used.add(name)
                text += ':' + name + ':'
            out.append(text)
        return ''.join(out)

    cases = []
    attempts = 0
    while len(cases) < count and attempts < count * 20:
        attempts += 1
        prefix[0] = '@'
        fmt = items(0, False)
        try:
            dt = numpy_dtype(fmt)
            if dt.itemsize == 0:
                continue
            a = np.frombuffer(b'', dt)
        except Exception:
            continue  # e.g. duplicate generated names; not what this test is about
        ai = a.__array_interface__
        cases.append({'format': fmt, 'typestr': ai['typestr'], 'descr': ai['descr'],
                      'itemShape': list(a.shape[1:]), 'dtype': repr(dt)})

    refused = []
    for fmt in ['P', '&i', 'O', 't', 'X{}', 'p', '3p', 'u', '2u', 'T{i:a:P:b:}',
                'T{i:a:T{u:c:}:b:}', 'T{b:x:t:y:}']:
        try:
            np.frombuffer(b'', numpy_dtype(fmt))
            raise AssertionError('numpy accepts ' + fmt)
        except (ValueError, NotImplementedError, RuntimeError, KeyError):
            refused.append(fmt)
    return {'seed': seed, 'cases': cases, 'refused': refused}


def check(pairs):
    bad = []
    for fmt, expression in pairs:
        try:
            got = eval(expression, {'np': np})
            want = numpy_dtype(fmt)
            same = (got == want and got.itemsize == want.itemsize and got.names == want.names
                    and got.shape == want.shape)
            if not same:
                bad.append([fmt, expression, repr(got), repr(want)])
        except Exception as e:
            bad.append([fmt, expression, 'error: %s' % e, ''])
    return bad


if sys.argv[1] == 'generate':
    json.dump(generate(int(sys.argv[2]), int(sys.argv[3])), sys.stdout)
else:
    json.dump(check(json.load(sys.stdin)), sys.stdout)
