# add_sock_test(NAME SOURCES... LIBS... LABELS...)
# One helper for every GoogleTest executable: it links gtest_main, registers
# each TEST with CTest through gtest_discover_tests, and labels them so that
# `ctest -L unit` or `-L property` selects a kind of test.
include(GoogleTest)
function(add_sock_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main sockcheck::warnings)
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${T_LABELS}"
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    DISCOVERY_TIMEOUT 60)
endfunction()
