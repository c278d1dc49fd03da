// SPDX-License-Identifier: GPL-3.0-or-later
// A strict parser for the Python literals a .npy header is made of: a dict with str keys, str,
// int, True/False, tuple and list. NumPy reads the header with ast.literal_eval; we read it as
// data with this small grammar instead, so nothing in a file is ever evaluated.
//
// Assumptions:
//  - the text is the header exactly as stored in the file (latin1 for format 1.0/2.0, UTF-8
//    for 3.0); str values are returned as UTF-8;
//  - every value remembers the file offset it started at, so later checks (keys, shape,
//    descr) can name the byte that is wrong;
//  - nesting depth and integer size are bounded: a hostile header cannot recurse deeply or
//    claim huge numbers. The number of values is bounded by the header length.
#pragma once

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bufferscope::npy {

enum class TextEncoding { Latin1, Utf8 };

struct Literal
{
    enum class Kind { Str, Int, Bool, Tuple, List, Dict };

    Kind kind = Kind::Int;
    std::size_t offset = 0;              // byte offset in the file where it starts
    std::string text;                    // Str: the value, UTF-8
    std::int64_t integer = 0;            // Int
    bool boolean = false;                // Bool
    std::vector<Literal> items;          // Tuple, List; Dict: values in order
    std::vector<std::string> keys;       // Dict: keys, parallel to items
    std::vector<std::size_t> keyOffsets; // Dict: where each key starts

    bool isStr() const { return kind == Kind::Str; }
    bool isInt() const { return kind == Kind::Int; }
    bool isBool() const { return kind == Kind::Bool; }
    bool isTuple() const { return kind == Kind::Tuple; }
    bool isList() const { return kind == Kind::List; }
    bool isDict() const { return kind == Kind::Dict; }
};

inline constexpr int kMaxLiteralDepth = 32;

struct LiteralOptions
{
    TextEncoding encoding = TextEncoding::Latin1;
    // Format 1.0/2.0 headers may come from Python 2, whose longs print as "3L"; NumPy strips
    // that suffix (format._filter_header) before evaluating, so we accept it there.
    bool allowLongSuffix = true;
    std::size_t baseOffset = 0; // file offset of text[0], for error positions
};

// Parses one literal filling the whole text (surrounding whitespace allowed).
// Errors (ErrorCategory::Syntax) carry a message without location, e.g. "expected ':'",
// and position = the file offset of the offending byte.
Result<Literal> parseLiteral(std::string_view text, const LiteralOptions &options);

// Python's repr of a literal: "'descr'", "(2, 3)", "[('a', '<i4')]" (for error messages).
std::string literalRepr(const Literal &value);

} // namespace bufferscope::npy
