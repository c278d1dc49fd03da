// SPDX-License-Identifier: GPL-3.0-or-later
// The view-expression language: one line of text, read left to right as a chain of steps,
// each a NumPy/memoryview operation that only changes a descriptor ("[1:3, ::-1].T['a']").
//
// Grammar (spaces allowed between any two tokens):
//   expression := step*
//   step   := '[' index (',' index)* ']'        NumPy basic indexing
//           | '[' string ']'                    field selection, a['name']
//           | '.T'
//           | '.transpose(' [axes] ')'          also .transpose((1, 0)); () reverses
//           | '.swapaxes(' int ',' int ')'
//           | '.reshape(' dims ')'              also .reshape((2, 3)) and .reshape(())
//           | '.view(' string ')'
//           | '.cast(' string [',' shape] ')'   shape: (d0, ...) or [d0, ...]
//   index  := int | [int] ':' [int] [':' [int]] | '...' | 'None'
//   string := '...' or "..." (no escapes)
// Limits (see ExpressionOrigin): typed text at most kMaxExpressionLength characters and
// kMaxSteps steps; any text at most kMaxItems items in one bracket or argument list;
// integers must fit in 64 bits. Errors are ErrorCategory::Syntax, the message ends
// "at column N" (1-based) and Error::position is the same place, 0-based:
// "expression: expected ']' at column 9".
#pragma once

#include "buffer/descriptor.h"
#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bufferscope {

inline constexpr std::size_t kMaxExpressionLength = 4096;
inline constexpr std::size_t kMaxSteps = 256;
// Each item of a list takes a character and a comma, so typed text that fits
// kMaxExpressionLength never reaches this cap: lists longer than memoryview or NumPy allow
// (64 dimensions) reach the step, which refuses them with CPython's own words
// ("memoryview: number of dimensions must not exceed 64"). It bounds lists in saved text,
// which has no length limit, and printing keeps every list's length, so it never refuses
// the canonical form of an accepted expression.
inline constexpr std::size_t kMaxItems = kMaxExpressionLength / 2;

// Who wrote the text, which decides its limits.
//  - Typed: what a person types (the GUI, the command line, a session script): at most
//    kMaxExpressionLength characters and kMaxSteps steps, so a slip (a pasted file) is
//    refused at once and clearly.
//  - Saved: canonical text this program printed (View::fullExpression) and reads back from
//    a descriptor. It has no length or step limit, because it may rightly exceed both: the
//    canonical form writes ", " where "," was typed and "(2,)" for "[2]" (a typed expression
//    of 3,848 characters prints as 4,110), and a chain of views joins the steps of several
//    typed expressions. The descriptor file bounds it, and reading is linear in its length.
// So parseExpression(printSteps(s), Saved) gives s again for every s that parsed, from typed
// or saved text; a shorter compact canonical form would not do, since a chain of views
// still outgrows any typed limit.
enum class ExpressionOrigin { Typed, Saved };

enum class StepKind {
    Index,     // [i, a:b:c, ..., None]
    Field,     // ['name']
    T,         // .T
    Transpose, // .transpose(p0, p1, ...)
    SwapAxes,  // .swapaxes(a, b)
    Reshape,   // .reshape(d0, d1, ...)
    View,      // .view('fmt')
    Cast,      // .cast('fmt') / .cast('fmt', (d0, ...))
};

struct IndexItem
{
    enum class Kind { Integer, Slice, Ellipsis, NewAxis };
    Kind kind = Kind::Integer;
    Index value = 0;            // Integer
    std::optional<Index> start; // Slice parts; nullopt where omitted
    std::optional<Index> stop;
    std::optional<Index> step;

    friend bool operator==(const IndexItem &, const IndexItem &) = default;
};

struct Step
{
    StepKind kind = StepKind::Index;
    std::vector<IndexItem> indices; // Index
    // Transpose: the permutation (empty with reverseAxes: ".transpose()");
    // SwapAxes: the two axes; Reshape: the new dimensions (a negative one is unknown).
    std::vector<std::int64_t> axes;
    bool reverseAxes = false;                       // Transpose written without arguments
    std::string text;                               // Field: the name; View, Cast: the format
    std::optional<std::vector<std::int64_t>> shape; // Cast with a shape
    std::size_t position = 0;                       // 0-based offset of the step's first character
    std::size_t length = 0;                         // characters the step spans in the source

    // Equal steps ignore where they were written.
    bool sameOperation(const Step &other) const;
};

Result<std::vector<Step>> parseExpression(std::string_view text,
                                          ExpressionOrigin origin = ExpressionOrigin::Typed);

// The canonical text of one step: "[1, ::-1, ..., None]", ".T", ".transpose(1, 0)",
// ".transpose()", ".swapaxes(0, 1)", ".reshape(5, 2)", ".reshape(())", ".view('<f')",
// ".cast('B', (2, 3))", "['name']". Parsing it again gives the same step.
std::string printStep(const Step &step);

// All steps printed one after another; parseExpression(printSteps(s), ExpressionOrigin::Saved)
// gives s again (typed limits may refuse it: see ExpressionOrigin).
std::string printSteps(const std::vector<Step> &steps);

} // namespace bufferscope
