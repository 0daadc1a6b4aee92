// verdict.h: judging one outcome against a case.
#pragma once

#include <span>
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

// The same against any list of acceptable outcomes (a set-up step's).
[[nodiscard]] Judgement judge(std::span<const Acceptable> accept, const sock::Outcome& outcome, sock::Profile profile);

// An expected value matches an actual one when they are equal, or when the
// expected one is a module constant (!const AF_INET) and the actual one is
// its number on this platform (targets run on the machine the harness runs
// on), element by element in tuples.
[[nodiscard]] bool values_match(const sock::Value& expected, const sock::Value& actual);

// "value b'\x01'" or "raises OSError" for an acceptable outcome.
[[nodiscard]] std::string describe(const Acceptable& a);

// Every outcome a case accepts, joined: "-> 1 (posix) or raises OSError (glibc)".
[[nodiscard]] std::string describe_expected(const Case& c, std::string_view separator = " or ");

}  // namespace sockcheck
