# SPDX-License-Identifier: GPL-3.0-or-later
# bench_quick: runs every benchmark program for a moment (their result checks run in full,
# times are only printed) and fails when one of them fails.
foreach(program IN LISTS PROGRAMS)
  message(STATUS "running ${program} --benchmark_min_time=0.01")
  execute_process(COMMAND ${program} --benchmark_min_time=0.01 RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${program} failed: ${status}")
  endif()
endforeach()
