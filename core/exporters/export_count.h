// SPDX-License-Identifier: GPL-3.0-or-later
// The live count of buffers an object (exporter or view) has handed out. Observers are told
// of every change at once, so the GUI's lock counts never lag behind the core.
//
// Ownership rules: an observer is removed with unsubscribe() before it dies; the count owns
// only the callbacks' copies.
#pragma once

#include "common/result.h"

#include <functional>
#include <map>
#include <string_view>

namespace bufferscope {

class ExportCount
{
public:
    using Observer = std::function<void(int exports)>;

    int value() const { return m_exports; }
    void increment();
    void decrement(); // asserts the count was positive

    int subscribe(Observer observer); // returns a token for unsubscribe
    void unsubscribe(int token);

    // Refuses while buffers are exported, in CPython's words:
    // "memoryview has 1 exported buffer", "memoryview has 2 exported buffers".
    Status checkNoExports(std::string_view what) const;

private:
    void notify();

    int m_exports = 0;
    int m_nextToken = 1;
    std::map<int, Observer> m_observers;
};

} // namespace bufferscope
