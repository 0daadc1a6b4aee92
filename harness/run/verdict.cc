#include "verdict.h"

#include "impl/core/error_class.h"

namespace sockcheck {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::passed: return "passed";
    case Verdict::failed: return "failed";
    case Verdict::skipped: return "skipped";
    case Verdict::errored: return "errored";
  }
  return "errored";
}

Judgement judge(const Case& c, const sock::Outcome& outcome, sock::Profile profile) {
  switch (outcome.kind) {
    case sock::OutcomeKind::unsupported: return {Verdict::skipped, {}};
    case sock::OutcomeKind::errored: return {Verdict::errored, {}};
    case sock::OutcomeKind::value:
    case sock::OutcomeKind::raised: break;
  }
  for (const auto& a : c.accept) {
    const bool match = a.kind == outcome.kind &&
                       (a.kind == sock::OutcomeKind::value
                            ? a.value == outcome.value
                            : sock::error_class_matches(outcome.error_class, a.error_class, profile));
    if (match) return {Verdict::passed, a.label};
  }
  return {Verdict::failed, {}};
}

std::string describe(const Acceptable& a) {
  std::string out = a.kind == sock::OutcomeKind::value ? "-> " + sock::repr(a.value) : "raises " + a.error_class;
  if (!a.label.empty()) out += " (" + a.label + ")";
  return out;
}

}  // namespace sockcheck
