# SPDX-License-Identifier: GPL-3.0-or-later
# Oracle for test_decode: random element bytes for every format code and byte order, with
# the value CPython / NumPy read from them. Prints one JSON list of cases:
#   {"code", "order", "size", "hex", "repr", "num"}
# "repr" is the text formatScalarValue must print, "num" the hex of the IEEE double
# toDouble must give (None when it gives nothing). Usage: decode_cases.py SEED COUNT
import json
import random
import struct
import sys

import numpy as np

seed = int(sys.argv[1])
count = int(sys.argv[2])
rng = random.Random(seed)
# NaN and overflow in casts are what these cases are about; keep stderr quiet.
np.seterr(all='ignore')
cases = []


def dbl_hex(x):
    return struct.pack('<d', float(x)).hex()


def layout(sci, add_dot_zero=True):
    """CPython's repr layout (format_float_short, mode 0) for digits given as NumPy's
    scientific text: exponent notation when decpt <= -4 or decpt > 16."""
    if sci in ('nan', '-nan', '+nan'):
        return 'nan'
    if sci in ('inf', '+inf', '-inf'):
        return sci.lstrip('+')
    sign = '-' if sci.startswith('-') else ''
    mant, exp = sci.lstrip('+-').split('e')
    digits = mant.replace('.', '').rstrip('0') or '0'
    decpt = int(exp) + 1
    n = len(digits)
    if decpt <= -4 or decpt > 16:
        body = digits[0] + ('.' + digits[1:] if n > 1 else '') + 'e%+03d' % (decpt - 1)
    elif decpt <= 0:
        body = '0.' + '0' * -decpt + digits
    elif decpt < n:
        body = digits[:decpt] + '.' + digits[decpt:]
    else:
        body = digits + '0' * (decpt - n) + ('.0' if add_dot_zero else '')
    return sign + body


def np_repr(x, add_dot_zero=True):
    """Shortest round-trip digits at x's own precision (NumPy's Dragon4), laid out as
    repr(float) would."""
    if np.isnan(x):
        return 'nan'
    return layout(np.format_float_scientific(x, unique=True, trim='-'), add_dot_zero)


def complex_repr(re, im):
    """complex.__repr__ with the parts at their own precision."""
    if re == 0 and not np.signbit(re):
        return np_repr(im, False) + 'j'
    im_text = np_repr(im, False)
    if not im_text.startswith('-'):
        im_text = '+' + im_text
    return '(' + np_repr(re, False) + im_text + 'j)'


# The layout helpers must agree with CPython itself wherever CPython can answer.
for _ in range(2000):
    x = struct.unpack('<d', rng.getrandbits(64).to_bytes(8, 'little'))[0]
    y = struct.unpack('<d', rng.getrandbits(64).to_bytes(8, 'little'))[0]
    assert np_repr(np.float64(x)) == repr(x), (x, np_repr(np.float64(x)))
    assert complex_repr(np.float64(x), np.float64(y)) == repr(complex(x, y)), (x, y)
for x in [0.0, -0.0, 1e16, 1e15, 1e-4, 1e-5, 123.0, 0.5, float('inf'), -float('inf')]:
    assert np_repr(np.float64(x)) == repr(x), x
    for y in [0.0, -0.0, 2.0, float('nan'), -float('inf')]:
        assert complex_repr(np.float64(x), np.float64(y)) == repr(complex(x, y)), (x, y)


def add(code, order, data, text, num=None):
    cases.append({'code': code, 'order': order, 'size': len(data), 'hex': data.hex(),
                  'repr': text, 'num': num})


def rand_bytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def np_order(order):
    return '>' if order in '>!' else '<'


# Bit patterns that random bytes rarely hit: zeros, infinities, NaN payloads (quiet,
# signalling, negative), the smallest and largest subnormals and normals.
def special_patterns(bits, exp_bits):
    frac_bits = bits - 1 - exp_bits
    exp_all = ((1 << exp_bits) - 1) << frac_bits
    sign = 1 << (bits - 1)
    pats = [0, sign, exp_all, exp_all | sign, exp_all | 1, exp_all | (1 << (frac_bits - 1)),
            exp_all | sign | 3, exp_all | ((1 << frac_bits) - 1), 1, sign | 1,
            (1 << frac_bits) - 1, 1 << frac_bits, exp_all - 1, sign | (exp_all - 1),
            (((1 << (exp_bits - 1)) - 1) << frac_bits)]  # 1.0
    return pats


ints = {'b': 1, 'h': 2, 'i': 4, 'l': 4, 'q': 8}
for order in '<>!=@':
    for code in 'bBhHiIlLqQnN?':
        if code in 'nN' and order != '@':
            continue  # struct has n/N only in native mode
        size = struct.calcsize(order + code)
        for _ in range(count):
            data = rand_bytes(size)
            if code == '?' and rng.random() < 0.5:
                data = bytes([rng.choice([0, 1])])
            value = struct.unpack(order + code, data)[0]
            add(code, order, data, repr(value), dbl_hex(float(value)))
    for code in 'cx':
        for _ in range(count // 4):
            data = rand_bytes(1)
            if code == 'c':
                add(code, order, data, repr(struct.unpack(order + 'c', data)[0]))
            else:
                add(code, order, data, '')
    # Bytes: biased towards the characters repr must escape or that choose the quotes.
    alphabet = list(b'\'"\\\t\n\r\x00\x7f\x80\xff abcXYZ019~')
    for code in 'sp':
        for _ in range(count):
            n = rng.randint(0 if code == 's' else 1, 12)
            data = bytes(rng.choice(alphabet) if rng.random() < 0.7 else rng.getrandbits(8)
                         for _ in range(n))
            if code == 'p' and rng.random() < 0.5:
                data = bytes([rng.randint(0, n + 2)]) + data[1:]
            value = struct.unpack('%d%s' % (n, code), data)[0]
            add(code, order, data, repr(value))

    o = np_order(order)
    # Half, float, double: random bit patterns (every class is common) plus specials.
    for code, bits, exp_bits, dt in (('e', 16, 5, 'f2'), ('f', 32, 8, 'f4'),
                                     ('d', 64, 11, 'f8')):
        patterns = [rng.getrandbits(bits) for _ in range(count)]
        patterns += special_patterns(bits, exp_bits)
        for pat in patterns:
            data = pat.to_bytes(bits // 8, 'little' if o == '<' else 'big')
            value = np.frombuffer(data, o + dt)[0]
            if code == 'd':
                text = repr(struct.unpack(order + 'd', data)[0])
                assert text == np_repr(value)
            else:
                text = np_repr(value)
            add(code, order, data, text, dbl_hex(value))
    # Complex Zf / Zd from two random components.
    for code, bits, dt in (('Zf', 32, 'c8'), ('Zd', 64, 'c16')):
        for _ in range(count):
            data = b''.join(rng.getrandbits(bits).to_bytes(bits // 8, 'little')
                            for _ in range(2))
            if o == '>':
                w = bits // 8
                data = data[:w][::-1] + data[w:][::-1]
            value = np.frombuffer(data, o + dt)[0]
            text = complex_repr(value.real, value.imag)
            if code == 'Zd':
                assert text == repr(complex(value))
            add(code, order, data, text)

    # UCS-4: code points of every kind, trailing NULs, and values Python cannot hold
    # (above U+10FFFF), which are shown escaped as \Uxxxxxxxx.
    pools = [range(0x20, 0x7f), range(0, 0x20), range(0x7f, 0x100), range(0x100, 0xd800),
             range(0xd800, 0xe000), range(0xe000, 0x10000), range(0x10000, 0x110000),
             [0x27, 0x22, 0x5c], [0]]
    for code, unit in (('w', 4), ('u', 2)):
        for _ in range(count):
            n = rng.randint(1, 6)
            cps = [rng.choice(rng.choice(pools)) for _ in range(n)]
            if code == 'u':
                data = b''.join((c & 0xffff).to_bytes(2, 'little' if o == '<' else 'big')
                                for c in cps)
                text = data.decode('utf-16-le' if o == '<' else 'utf-16-be', 'surrogatepass')
                add(code, order, data, repr(text.rstrip('\0')))
                continue
            bad = rng.random() < 0.1
            if bad:
                cps[rng.randrange(n)] = rng.choice([0x110000, 0x7fffffff, 0xffffffff])
            data = b''.join(c.to_bytes(4, 'little' if o == '<' else 'big') for c in cps)
            if not bad:
                text = repr(str(np.frombuffer(data, '%sU%d' % (o, n))[0]))
            else:
                # Python cannot hold the value: take its repr with a stand-in character
                # and splice in the documented escape.
                marks = {c: chr(0xe000 + i) for i, c in enumerate(sorted(set(cps)))
                         if c > 0x10ffff}
                s = ''.join(marks.get(c, chr(c) if c <= 0x10ffff else '') for c in cps)
                text = repr(s.rstrip('\0'))
                for c, m in marks.items():
                    text = text.replace(repr(m)[1:-1], '\\U%08x' % c)
            add(code, order, data, text)

    # Addresses and bits: the unsigned integer in the given order.
    for code, size in (('P', 8), ('O', 8), ('X{}', 8), ('t', 1)):
        for _ in range(count // 4):
            data = rand_bytes(size)
            value = int.from_bytes(data, 'little' if o == '<' else 'big')
            if code == 'P' and order == '@':
                assert value == struct.unpack('P', data)[0]
            add(code, order, data, repr(value) if code == 't' else hex(value),
                dbl_hex(value) if code == 't' else None)

# Long double (x86-64 80-bit in 16 bytes): NumPy reads only the native form, so big-endian
# cases are the little-endian bytes reversed, as NumPy's '>f16' stores them.
ld_patterns = []
for _ in range(count * 2):
    exp = rng.choice([0, 0x7fff, rng.randrange(1, 0x7fff), rng.randrange(16383 - 70, 16383 + 70)])
    mant = rng.getrandbits(64)
    if exp != 0:
        mant |= 1 << 63  # the explicit integer bit of a valid normal, infinity or NaN
    else:
        mant &= (1 << 63) - 1
    sign = rng.getrandbits(1)
    ld_patterns.append(mant | (exp << 64) | (sign << 79))
ld_patterns += [0, 1 << 79, (0x7fff << 64) | (1 << 63), (0x7fff << 64) | (3 << 62),
                (16383 << 64) | (1 << 63), 1]
for pat in ld_patterns:
    data = pat.to_bytes(10, 'little') + rand_bytes(6)  # the 6 tail bytes are padding
    value = np.frombuffer(data, '<f16')[0]
    for order in '<>':
        stored = data if order == '<' else data[::-1]
        text = np_repr(value)
        add('g', order, stored, text, dbl_hex(np.float64(value)))
        im_pat = rng.choice(ld_patterns)
        im_data = im_pat.to_bytes(10, 'little') + rand_bytes(6)
        im = np.frombuffer(im_data, '<f16')[0]
        both = data + im_data if order == '<' else data[::-1] + im_data[::-1]
        add('Zg', order, both, complex_repr(value, im))

json.dump({'seed': seed, 'cases': cases}, sys.stdout)
