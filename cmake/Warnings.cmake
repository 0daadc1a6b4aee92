# Warnings travel through an INTERFACE target so that every project target
# opts in explicitly and third-party headers are not held to them.
add_library(sockcheck_warnings INTERFACE)
add_library(sockcheck::warnings ALIAS sockcheck_warnings)
target_compile_options(sockcheck_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
