#include "verdict.h"

#include "impl/core/constants.h"
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

bool values_match(const sock::Value& expected, const sock::Value& actual) {
  if (const auto* c = expected.get_if<sock::Const>()) {
    if (const auto* i = actual.get_if<std::int64_t>()) {
      const auto v = sock::constant_value(c->name);
      return v && *v == *i;
    }
  }
  const auto* et = expected.get_if<sock::Tuple>();
  const auto* at = actual.get_if<sock::Tuple>();
  if (et != nullptr && at != nullptr) {
    if (et->size() != at->size()) return false;
    for (std::size_t i = 0; i < et->size(); ++i) {
      if (!values_match((*et)[i], (*at)[i])) return false;
    }
    return true;
  }
  return expected == actual;
}

Judgement judge(const Case& c, const sock::Outcome& outcome, sock::Profile profile) {
  return judge(c.accept, outcome, profile);
}

Judgement judge(std::span<const Acceptable> accept, const sock::Outcome& outcome, sock::Profile profile) {
  switch (outcome.kind) {
    case sock::OutcomeKind::unsupported: return {Verdict::skipped, {}};
    case sock::OutcomeKind::errored: return {Verdict::errored, {}};
    case sock::OutcomeKind::value:
    case sock::OutcomeKind::raised: break;
  }
  for (const auto& a : accept) {
    const bool match = a.kind == outcome.kind &&
                       (a.kind == sock::OutcomeKind::value
                            ? values_match(a.value, outcome.value)
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

std::string describe_expected(const Case& c, std::string_view separator) {
  std::string out;
  for (const auto& a : c.accept) {
    if (!out.empty()) out += separator;
    out += describe(a);
  }
  return out;
}

}  // namespace sockcheck
