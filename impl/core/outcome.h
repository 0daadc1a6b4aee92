// outcome.h: what one operation on one target came to.
//
// Four kinds, not two (after Bowtie's protocol): a returned value, a raised
// exception (a legitimate, documented outcome that a case can expect), "not
// supported" (the target has no such operation: not applicable, never a
// failure) and "errored" (the target or its adapter broke: crashed, hung,
// answered garbage). Keeping the last two apart from a raised exception is
// what lets a report tell a conformance failure from a broken adapter.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "value.h"

namespace sock {

enum class OutcomeKind { value, raised, unsupported, errored };

[[nodiscard]] std::string_view to_string(OutcomeKind kind);

struct Outcome {
  OutcomeKind kind = OutcomeKind::errored;
  Value value;              // kind == value
  std::string error_class;  // kind == raised: the Python class, e.g. "OSError"
  std::string message;      // raised: the exception text; unsupported/errored: why
  // How long the call took as the implementation itself measured it, when
  // it says (an adapter's "elapsed"): a timing case judges by this rather
  // than by the round trip, which adds the pipe and two process wake-ups.
  std::optional<double> seconds;

  [[nodiscard]] static Outcome returned(Value v) { return {OutcomeKind::value, std::move(v), {}, {}, {}}; }
  [[nodiscard]] static Outcome raise(std::string error_class, std::string message) {
    return {OutcomeKind::raised, {}, std::move(error_class), std::move(message), {}};
  }
  [[nodiscard]] static Outcome unsupported(std::string why) {
    return {OutcomeKind::unsupported, {}, {}, std::move(why), {}};
  }
  [[nodiscard]] static Outcome errored(std::string why) { return {OutcomeKind::errored, {}, {}, std::move(why), {}}; }

  [[nodiscard]] bool returned_value() const { return kind == OutcomeKind::value; }
  [[nodiscard]] bool raised() const { return kind == OutcomeKind::raised; }
};

// One line for reports: "-> b'\x7f\x00\x00\x01'" or "raises OSError: illegal IP address".
// A value longer than 400 characters is cut short, saying how long it was.
[[nodiscard]] std::string describe(const Outcome& outcome);

}  // namespace sock
