// ops_target.h: in-process targets that run the binding layer over an
// engine: `ref` (the reference, posix dialect), `ref-glibc` (the reference
// in its glibc dialect) and `libc` (the system C library's own functions).
#pragma once

#include <memory>

#include "harness/targets/target.h"
#include "impl/ops/engine.h"

namespace sockcheck {

// A target whose calls are the binding layer over `engine`, judged in `profile`.
[[nodiscard]] std::unique_ptr<Target> make_ops_target(TargetInfo info, const sock::ops::Engine& engine);

}  // namespace sockcheck
