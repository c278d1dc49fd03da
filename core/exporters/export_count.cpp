// SPDX-License-Identifier: GPL-3.0-or-later
#include "exporters/export_count.h"

#include <cassert>
#include <string>
#include <vector>

namespace bufferscope {

void ExportCount::increment()
{
    ++m_exports;
    notify();
}

void ExportCount::decrement()
{
    assert(m_exports > 0);
    if (m_exports > 0) {
        --m_exports;
        notify();
    }
}

int ExportCount::subscribe(Observer observer)
{
    const int token = m_nextToken++;
    m_observers.emplace(token, std::move(observer));
    return token;
}

void ExportCount::unsubscribe(int token) { m_observers.erase(token); }

Status ExportCount::checkNoExports(std::string_view what) const
{
    if (m_exports == 0)
        return {};
    std::string message(what);
    message += " has " + std::to_string(m_exports) + " exported buffer";
    if (m_exports != 1)
        message += 's';
    return makeError(ErrorCategory::Export, std::move(message));
}

void ExportCount::notify()
{
    // Copy first: an observer may unsubscribe itself (or others) while being told.
    std::vector<Observer> observers;
    observers.reserve(m_observers.size());
    for (const auto &[token, observer] : m_observers)
        observers.push_back(observer);
    for (const auto &observer : observers)
        observer(m_exports);
}

} // namespace bufferscope
