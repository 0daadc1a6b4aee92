// print.h: gtest printers for the harness's types, so that a failed
// EXPECT_EQ on values shows b'..', (1, 'a') or 0.05 instead of raw bytes.
#pragma once

#include <ostream>

#include "impl/core/value.h"
#include "impl/timeout/setting.h"

namespace sock {

inline void PrintTo(const Value& v, std::ostream* os) {
  if (const auto* d = v.get_if<double>()) {
    *os << timeout::python_float_repr(*d);
  } else {
    *os << repr(v);
  }
}

namespace timeout {
inline void PrintTo(const Setting& s, std::ostream* os) { *os << s.repr(); }
}  // namespace timeout

}  // namespace sock
