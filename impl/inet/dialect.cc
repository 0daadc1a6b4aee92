// dialect.cc: the dialects' names, as spec cases and command lines spell them.
#include "dialect.h"

namespace sock::inet {

std::string_view name(Dialect dialect) {
  switch (dialect) {
    case Dialect::posix: return "posix";
    case Dialect::glibc: return "glibc";
  }
  // Only a value cast from an out-of-range integer gets here; naming it
  // rather than crashing keeps a corrupt case file diagnosable.
  return "unknown";
}

std::optional<Dialect> parse_dialect(std::string_view text) {
  // Exact, case-sensitive names: a spec case that says "GLIBC" is a typo
  // the loader should report, not a spelling to guess at.
  if (text == "posix") return Dialect::posix;
  if (text == "glibc") return Dialect::glibc;
  return std::nullopt;
}

}  // namespace sock::inet
