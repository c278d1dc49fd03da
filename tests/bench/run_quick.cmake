# SPDX-License-Identifier: GPL-3.0-or-later
# bench_quick: runs every benchmark program in its short mode (--quick: smaller arrays, every
# kernel path still taken, results checked in full; times only printed) and fails when one
# of them fails.
foreach(program IN LISTS PROGRAMS)
  message(STATUS "running ${program} --quick --benchmark_min_time=0.01")
  execute_process(COMMAND ${program} --quick --benchmark_min_time=0.01 RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${program} failed: ${status}")
  endif()
endforeach()
