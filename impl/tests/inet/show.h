// show.h: how the inet tests print inputs and results in failure messages.
//
// A failing row must say exactly which bytes it fed in; an input with a
// tab, a NUL or a byte above 0x7f printed raw would look like another row.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sock::inet::testing {

// The text as a C string literal: printable ASCII as is, everything else
// (and the quote and backslash) escaped.
inline std::string show(std::string_view text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out + "\"";
}

// Bytes as hex, two digits each, so that an IPv6 result is not shown
// through the very formatter under test.
template <std::size_t N>
std::string show(const std::array<std::uint8_t, N>& bytes) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    if (i != 0 && i % 2 == 0 && N == 16) out += ' ';
    if (i != 0 && N == 4) out += '.';
    out += hex;
  }
  return out;
}

template <std::size_t N>
std::string show(const std::optional<std::array<std::uint8_t, N>>& bytes) {
  return bytes ? show(*bytes) : "invalid";
}

}  // namespace sock::inet::testing
