# check_layout.cmake: cmake -DSOURCE_DIR=<repo> -P fuzz/check_layout.cmake
#
# Fails (and names every problem) unless
#   - every file under corpus/<target>/ and fuzz/regressions/<target>/ is
#     named by the SHA-1 hex of its contents (so merges never collide and a
#     seed committed twice is one file);
#   - every corpus/<target>/ and fuzz/regressions/<target>/ belongs to a
#     fuzz/<target>.cc;
#   - every fuzz/<target>.cc that defines LLVMFuzzerTestOneInput has a
#     nonempty corpus/<target>/ and a fuzz/<target>.options whose max_len
#     equals the kMaxLen the target rejects inputs above.
cmake_minimum_required(VERSION 3.25)

if(NOT SOURCE_DIR)
  message(FATAL_ERROR "usage: cmake -DSOURCE_DIR=<repo> -P check_layout.cmake")
endif()

set(problems 0)
macro(problem text)
  message(SEND_ERROR "${text}")
  math(EXPR problems "${problems} + 1")
endmacro()

file(GLOB sources "${SOURCE_DIR}/fuzz/*.cc")
set(targets)
foreach(source IN LISTS sources)
  file(READ "${source}" code)
  if(NOT code MATCHES "LLVMFuzzerTestOneInput\\(const std::uint8_t\\* data, std::size_t size\\) {")
    continue()  # the replay main, or a helper
  endif()
  get_filename_component(name "${source}" NAME_WE)
  list(APPEND targets ${name})

  file(GLOB seeds "${SOURCE_DIR}/corpus/${name}/*")
  if(NOT seeds)
    problem("fuzz/${name}.cc: corpus/${name}/ is missing or empty (scripts/fuzz-seed ${name})")
  endif()

  set(options_file "${SOURCE_DIR}/fuzz/${name}.options")
  if(NOT EXISTS "${options_file}")
    problem("fuzz/${name}.cc: fuzz/${name}.options is missing")
    continue()
  endif()
  file(READ "${options_file}" options)
  if(NOT options MATCHES "\\[libfuzzer\\]" OR NOT options MATCHES "max_len *= *([0-9]+)")
    problem("fuzz/${name}.options: needs a [libfuzzer] section with max_len = N")
    continue()
  endif()
  set(options_max "${CMAKE_MATCH_1}")
  if(NOT code MATCHES "kMaxLen = ([0-9]+);")
    problem("fuzz/${name}.cc: no `constexpr std::size_t kMaxLen = N;` to check max_len against")
    continue()
  endif()
  if(NOT CMAKE_MATCH_1 EQUAL options_max)
    problem("fuzz/${name}.cc: kMaxLen = ${CMAKE_MATCH_1} but fuzz/${name}.options says max_len = ${options_max}")
  endif()
endforeach()

foreach(root IN ITEMS corpus fuzz/regressions)
  file(GLOB dirs LIST_DIRECTORIES true "${SOURCE_DIR}/${root}/*")
  foreach(dir IN LISTS dirs)
    if(NOT IS_DIRECTORY "${dir}")
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${dir}")
      problem("${rel}: a file where only per-target folders belong")
      continue()
    endif()
    get_filename_component(name "${dir}" NAME)
    if(NOT name IN_LIST targets)
      problem("${root}/${name}/: there is no fuzz target fuzz/${name}.cc")
    endif()
    file(GLOB_RECURSE files LIST_DIRECTORIES false "${dir}/*")
    foreach(file IN LISTS files)
      get_filename_component(base "${file}" NAME)
      file(SHA1 "${file}" sha1)
      if(NOT base STREQUAL sha1)
        file(RELATIVE_PATH rel "${SOURCE_DIR}" "${file}")
        problem("${rel}: not named by the SHA-1 of its contents (${sha1}); scripts/fuzz-seed --rename fixes it")
      endif()
    endforeach()
  endforeach()
endforeach()

list(LENGTH targets count)
if(problems GREATER 0)
  message(FATAL_ERROR "fuzz layout: ${problems} problem(s) in ${count} targets")
endif()
message(STATUS "fuzz layout: ${count} targets, corpora and options consistent")
