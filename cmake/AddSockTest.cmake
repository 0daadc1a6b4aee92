# add_sock_test(NAME SOURCES... LIBS... LABELS...)
# One helper for every GoogleTest executable: it links gtest_main, registers
# each TEST with CTest through gtest_discover_tests, and labels them so that
# `ctest -L unit` or `-L property` selects a kind of test.
#
# SOCKCHECK_TEST_LABELS (a list; empty = all) keeps only the tests with one
# of those labels, so that a preset that runs a subset (the sanitizer pass
# of scripts/test runs `-L 'unit|cli'`) does not spend its build on the rest.
include(GoogleTest)
set(SOCKCHECK_TEST_LABELS "" CACHE STRING "Build only the tests with one of these labels (empty: all)")
function(add_sock_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  set(wanted TRUE)
  if(SOCKCHECK_TEST_LABELS)
    set(wanted FALSE)
    foreach(label IN LISTS T_LABELS)
      if(label IN_LIST SOCKCHECK_TEST_LABELS)
        set(wanted TRUE)
      endif()
    endforeach()
  endif()
  # An unwanted test still exists as a target (callers set its properties),
  # but is not built by default and not registered with CTest.
  if(wanted)
    add_executable(${name} ${T_SOURCES})
  else()
    add_executable(${name} EXCLUDE_FROM_ALL ${T_SOURCES})
  endif()
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main sockcheck::warnings)
  if(NOT wanted)
    return()
  endif()
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${T_LABELS}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
