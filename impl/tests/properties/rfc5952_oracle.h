// rfc5952_oracle.h: the text inet_ntop(AF_INET6) should print, computed the
// slow and obvious way, as an oracle for format_ipv6.
//
// Written differently from impl/inet/ipv6_text.cc on purpose: it prints all
// eight groups with snprintf("%x"), then finds the longest run of zero
// groups by string search, trying the longest pattern first, and replaces
// the first (leftmost) match with "::". No table, no bit mask, no cursor
// arithmetic; what it shares with the reference is only the rules:
//
//   RFC 5952 4.1    no leading zeros in a group ("0" for a zero group);
//   RFC 5952 4.2.1  "::" replaces the longest run of zero groups;
//   RFC 5952 4.2.2  ... but never a single zero group;
//   RFC 5952 4.2.3  ... the first run when two are equally long;
//   RFC 5952 4.3    lowercase;
//   RFC 5952 5      IPv4-mapped addresses (::ffff:0:0/96) in mixed
//                   notation "::ffff:a.b.c.d";
//   dialect.h       the glibc dialect also prints ::a.b.c.d for addresses
//                   whose first 96 bits are zero and whose seventh group
//                   is not (IPv4-compatible, RFC 4291 section 2.5.5.1).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sock::inet::oracle {

inline std::string dotted(const std::uint8_t* b) {
  char text[16];
  std::snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return text;
}

// `glibc_dialect` selects the IPv4-compatible rule above.
inline std::string ipv6_text(const std::array<std::uint8_t, 16>& b, bool glibc_dialect) {
  unsigned groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<unsigned>(b[2 * i] << 8 | b[2 * i + 1]);

  bool first_80_zero = true;
  for (int i = 0; i < 5; ++i) first_80_zero = first_80_zero && groups[i] == 0;
  if (first_80_zero && groups[5] == 0xffff) return "::ffff:" + dotted(&b[12]);
  if (glibc_dialect && first_80_zero && groups[5] == 0 && groups[6] != 0) return "::" + dotted(&b[12]);

  // ":g0:g1:...:g7:", with a colon at each end so that every group, the
  // first and last included, is enclosed by colons for the search.
  std::string text = ":";
  for (const unsigned g : groups) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%x", g);
    text += hex;
    text += ':';
  }
  for (int run = 8; run >= 2; --run) {
    std::string pattern = ":";
    for (int i = 0; i < run; ++i) pattern += "0:";
    const std::size_t at = text.find(pattern);  // the leftmost: 4.2.3
    if (at == std::string::npos) continue;
    text.replace(at, pattern.size(), "::");
    break;
  }
  // Drop the sentinel colons unless they became part of the "::".
  if (text.size() >= 2 && text[0] == ':' && text[1] != ':') text.erase(0, 1);
  if (text.size() >= 2 && text.back() == ':' && text[text.size() - 2] != ':') text.pop_back();
  return text;
}

}  // namespace sock::inet::oracle
