// ipv6_text.h: IPv6 addresses as text, both ways.
//
// parse_ipv6: the RFC 4291 section 2.2 text forms: eight groups of one to
// four hex digits; one "::" standing for one or more groups of zeros; a
// dotted IPv4 address (strict, as parse_ipv4_dotted) in place of the last
// two groups. No zone ids, no brackets, no prefix lengths: inet_pton
// accepts none of them.
//
// format_ipv6: RFC 5952 canonical text: lowercase hex, no leading zeros in
// a group, "::" for the longest run of two or more zero groups (the first
// one on a tie), never for a single group; IPv4-mapped addresses
// (::ffff:0:0/96) in mixed notation. The glibc dialect also prints
// IPv4-compatible addresses (::/96, other than :: and ::1 style
// addresses whose run covers the seventh group) as "::a.b.c.d".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dialect.h"

namespace sock::inet {

using Ipv6Bytes = std::array<std::uint8_t, 16>;  // network byte order

// Returns false for text inet_pton(AF_INET6) rejects; `out` is written only
// on success. The text is length-delimited, as in ipv4_text.h: a NUL byte
// anywhere in it makes it invalid.
[[nodiscard]] bool parse_ipv6(std::string_view text, Ipv6Bytes& out) noexcept;

inline constexpr std::size_t kIpv6TextMax = 46;  // INET6_ADDRSTRLEN

// Writes at most 45 characters (no NUL) to `out`, which must hold
// kIpv6TextMax bytes, and returns how many it wrote.
std::size_t format_ipv6(const Ipv6Bytes& address, Dialect dialect, char* out) noexcept;

}  // namespace sock::inet
