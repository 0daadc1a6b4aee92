// verdict.h: judging one outcome against a case.
#pragma once

#include <string>
#include <string_view>

#include "harness/spec/spec.h"
#include "impl/core/outcome.h"
#include "impl/core/profile.h"

namespace sockcheck {

// Four verdicts, after the outcome kinds: a raised exception that the case
// expects is a pass; "not supported" is skipped (not applicable, never a
// failure); a broken target is errored, never passed or failed.
enum class Verdict { passed, failed, skipped, errored };

[[nodiscard]] std::string_view to_string(Verdict verdict);

struct Judgement {
  Verdict verdict = Verdict::errored;
  // For a pass on an implementation-defined case: the label of the
  // acceptable outcome it matched ("glibc").
  std::string label;
};

[[nodiscard]] Judgement judge(const Case& c, const sock::Outcome& outcome, sock::Profile profile);

// "value b'\x01'" or "raises OSError" for an acceptable outcome.
[[nodiscard]] std::string describe(const Acceptable& a);

}  // namespace sockcheck
