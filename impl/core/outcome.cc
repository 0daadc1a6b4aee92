#include "outcome.h"

namespace sock {

std::string_view to_string(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::value: return "value";
    case OutcomeKind::raised: return "raised";
    case OutcomeKind::unsupported: return "unsupported";
    case OutcomeKind::errored: return "errored";
  }
  return "errored";
}

std::string describe(const Outcome& outcome) {
  switch (outcome.kind) {
    case OutcomeKind::value: return "-> " + repr(outcome.value);
    case OutcomeKind::raised:
      return "raises " + outcome.error_class + (outcome.message.empty() ? "" : ": " + outcome.message);
    case OutcomeKind::unsupported: return "not supported: " + outcome.message;
    case OutcomeKind::errored: return "errored: " + outcome.message;
  }
  return "errored";
}

}  // namespace sock
