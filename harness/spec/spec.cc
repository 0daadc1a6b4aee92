#include "spec.h"

namespace sockcheck {

std::string SourceLocation::to_string() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string call_text(const Call& call) {
  std::string out = call.op + "(";
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (i) out += ", ";
    out += sock::repr(call.args[i]);
  }
  return out + ")";
}

}  // namespace sockcheck
