// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers of the model test (model_test.cpp): random view expressions in the syntax both the
// core and NumPy read, and the Python program that turns recorded chains into NumPy's bytes.
#pragma once

#include <QString>

#include <cstdint>
#include <random>
#include <vector>

namespace bufferscope::testing {

// "(3,)", "(2, 3)": a Python tuple.
QString tupleText(const std::vector<std::int64_t> &values);

// A random expression for a descriptor of this shape: indices (sometimes out of range, rarely
// a zero step), .T, .transpose (sometimes a bad permutation), .swapaxes, .reshape (sometimes
// the wrong size).
QString randomExpression(std::mt19937_64 &rng, const std::vector<std::int64_t> &shape);

// Reads a JSON list of {kind, path, dtype, data (base64), shape, order, chain} on stdin and
// prints the MD5 of np.ascontiguousarray(a<chain>).tobytes() for each.
extern const char *const kNumpyProgram;

} // namespace bufferscope::testing
