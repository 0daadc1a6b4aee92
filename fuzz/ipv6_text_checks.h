// ipv6_text_checks.h: checks of printed IPv6 text shared by the targets
// that format addresses (inet_ntop, inet_pton6). Checkers (fuzz_support.h):
// not instrumented, since they only judge outputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.h"

namespace sockfuzz {

// The characters RFC 5952 text uses: lower-case hex digits (section 4.3),
// ':' and, for an embedded IPv4 address (section 5), '.'.
inline constexpr std::array<bool, 256> kCanonicalIpv6Char = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view("0123456789abcdef:.")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// The shape of canonical text: at most 45 characters (INET6_ADDRSTRLEN less
// the NUL), only kCanonicalIpv6Char, at most one "::" (":::" counts twice,
// and is not canonical). One pass without early exits, since it runs on
// every input and a correct formatter always passes it.
SOCKFUZZ_CHECKER inline bool canonical_ipv6_shape(std::string_view text) noexcept {
  if (text.size() > 45) return false;
  bool other = false;
  unsigned pairs = 0;
  bool previous_colon = false;
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    other |= !kCanonicalIpv6Char[c];
    const bool colon = c == ':';
    pairs += static_cast<unsigned>(previous_colon & colon);
    previous_colon = colon;
  }
  return !other && pairs <= 1;
}

// True when the first 96 bits are zero: the only addresses whose text the
// posix and glibc dialects print differently (impl/inet/dialect.h).
SOCKFUZZ_CHECKER inline bool first_96_bits_zero(const std::array<std::uint8_t, 16>& b) noexcept {
  unsigned any = 0;
  for (int i = 0; i < 12; ++i) any |= b[i];
  return any == 0;
}

}  // namespace sockfuzz
