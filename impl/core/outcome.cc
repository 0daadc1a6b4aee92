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
    case OutcomeKind::value: {
      // A line for people: a 100 kB result (sendall's test data) must not
      // become a 100 kB line in the terminal, summary.md and junit.xml.
      // results.json keeps every value whole.
      constexpr std::size_t kMax = 400;
      std::string text = repr(outcome.value);
      if (text.size() > kMax) {
        const std::size_t all = text.size();
        std::size_t cut = kMax;  // not inside a UTF-8 sequence: reports must stay valid UTF-8
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
        text += "... (" + std::to_string(all) + " characters in all)";
      }
      return "-> " + text;
    }
    case OutcomeKind::raised:
      return "raises " + outcome.error_class + (outcome.message.empty() ? "" : ": " + outcome.message);
    case OutcomeKind::unsupported: return "not supported: " + outcome.message;
    case OutcomeKind::errored: return "errored: " + outcome.message;
  }
  return "errored";
}

}  // namespace sock
