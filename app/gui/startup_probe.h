// SPDX-License-Identifier: GPL-3.0-or-later
// For timing start-up from outside: once the window has painted its first rendered picture,
// prints "first picture: <ns>" (CLOCK_MONOTONIC, the clock Python's time.monotonic_ns()
// reads) on standard output and quits, so a script can subtract its own reading taken just
// before starting the program (tests/bench/startup_time.py).
#pragma once

class QWidget;

namespace bufferscope {

// `window` must contain the render panel. Quits with 1 after 60 s without a picture.
void installStartupProbe(QWidget *window);

} // namespace bufferscope
