# add_fuzzer(<name> SOURCES <file>... [LIBS <target>...])
#
# One fuzz target: an executable named <name> whose sources define
# LLVMFuzzerTestOneInput (fuzz/<name>.cc by convention), with
#
#   - libFuzzer linked in when SOCKCHECK_LIBFUZZER is ON (clang only), and
#     otherwise fuzz/replay_main.cc, a main that runs the target over files
#     and folders, so the target builds and replays with any compiler;
#   - a CTest test fuzz-replay/<name> (label fuzz-replay) that runs the
#     target over corpus/<name>/ and, when it exists, fuzz/regressions/<name>/
#     (committed inputs that once failed and must keep passing);
#   - a configure-time refusal when corpus/<name>/ is missing or empty, or
#     fuzz/<name>.options is missing: a target nobody seeded is a target
#     nobody replays, and the campaign runner and ClusterFuzzLite read the
#     options file for max_len.
#
# Targets include <fuzzer/FuzzedDataProvider.h>: clang ships it in its
# resource directory; for other compilers a copy of clang's is placed in the
# build tree (found under /usr/lib/llvm-*, Debian package libclang-rt-14-dev),
# since its own folder also holds clang's builtin headers, which must not
# shadow the compiler's.

set(SOCKCHECK_FUZZ_DIR "${PROJECT_SOURCE_DIR}/fuzz")
set(SOCKCHECK_CORPUS_DIR "${PROJECT_SOURCE_DIR}/corpus")

if(SOCKCHECK_LIBFUZZER AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SOCKCHECK_LIBFUZZER=ON needs clang (CMAKE_CXX_COMPILER=clang++); "
                      "${CMAKE_CXX_COMPILER_ID} has no -fsanitize=fuzzer")
endif()

# Everything fuzz targets share: fuzz/fuzz_support.h, FuzzedDataProvider.h.
if(NOT TARGET sockcheck_fuzz_support)
  add_library(sockcheck_fuzz_support INTERFACE)
  target_include_directories(sockcheck_fuzz_support INTERFACE "${SOCKCHECK_FUZZ_DIR}")
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    file(GLOB _fdp_candidates /usr/lib/llvm-*/lib/clang/*/include/fuzzer/FuzzedDataProvider.h)
    if(NOT _fdp_candidates)
      message(FATAL_ERROR "fuzzer/FuzzedDataProvider.h not found under /usr/lib/llvm-*; "
                          "install libclang-rt-14-dev (scripts/packages/fuzz.txt)")
    endif()
    list(SORT _fdp_candidates COMPARE NATURAL ORDER DESCENDING)
    list(GET _fdp_candidates 0 _fdp)
    configure_file("${_fdp}" "${CMAKE_BINARY_DIR}/fuzz-include/fuzzer/FuzzedDataProvider.h" COPYONLY)
    target_include_directories(sockcheck_fuzz_support SYSTEM INTERFACE "${CMAKE_BINARY_DIR}/fuzz-include")
  endif()
endif()

# Regression folders are looked up again whenever one is added (the glob is
# re-run at build time), so a new fuzz/regressions/<name>/ joins its replay
# test without a manual re-configure.
file(GLOB _sockcheck_regression_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS
     "${SOCKCHECK_FUZZ_DIR}/regressions/*")

function(add_fuzzer name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  if(F_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_fuzzer(${name}): unexpected arguments ${F_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT F_SOURCES)
    message(FATAL_ERROR "add_fuzzer(${name}): no SOURCES")
  endif()

  set(corpus "${SOCKCHECK_CORPUS_DIR}/${name}")
  # CONFIGURE_DEPENDS: a seed added or removed re-runs this check.
  file(GLOB seeds LIST_DIRECTORIES false CONFIGURE_DEPENDS "${corpus}/*")
  if(NOT seeds)
    message(FATAL_ERROR "add_fuzzer(${name}): corpus/${name}/ is missing or empty. "
                        "Every fuzz target needs seeds: run scripts/fuzz-seed ${name}")
  endif()
  if(NOT EXISTS "${SOCKCHECK_FUZZ_DIR}/${name}.options")
    message(FATAL_ERROR "add_fuzzer(${name}): fuzz/${name}.options is missing "
                        "(\"[libfuzzer]\" and \"max_len = N\")")
  endif()

  add_executable(${name} ${F_SOURCES})
  target_link_libraries(${name} PRIVATE ${F_LIBS} sockcheck_fuzz_support sockcheck::warnings)
  set(replay_flags)
  if(SOCKCHECK_LIBFUZZER)
    # -fsanitize=fuzzer on the target's own files adds the coverage
    # instrumentation too; the libraries get it from the preset's
    # -fsanitize=fuzzer-no-link.
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    # With -runs=0 libFuzzer executes every input in the folders and writes
    # nothing back to them.
    set(replay_flags -runs=0)
  else()
    target_sources(${name} PRIVATE "${SOCKCHECK_FUZZ_DIR}/replay_main.cc")
  endif()

  set(inputs "${corpus}")
  if("${SOCKCHECK_FUZZ_DIR}/regressions/${name}" IN_LIST _sockcheck_regression_dirs)
    list(APPEND inputs "${SOCKCHECK_FUZZ_DIR}/regressions/${name}")
  endif()
  add_test(NAME fuzz-replay/${name} COMMAND ${name} ${replay_flags} ${inputs})
  set_tests_properties(fuzz-replay/${name} PROPERTIES LABELS fuzz-replay TIMEOUT 120)

  set_property(GLOBAL APPEND PROPERTY SOCKCHECK_FUZZ_TARGETS ${name})
endfunction()
