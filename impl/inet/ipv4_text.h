// ipv4_text.h: IPv4 addresses as text, both ways.
//
// parse_inet_aton: the inet(3) forms "a", "a.b", "a.b.c" and "a.b.c.d", each
// part decimal, octal (leading 0) or hexadecimal (leading 0x or 0X); the last
// part fills all the remaining bytes, so "a.b" is 8.24 bits and "a.b.c" is
// 8.8.16. A part that does not fit its bytes, an empty part or an empty
// string is invalid. What may follow the address is dialect-dependent.
//
// The text is length-delimited: every byte of the view counts, and the
// functions never read past it. The binding layer rejects text with a NUL
// before calling; a NUL that reaches these functions anyway is treated as
// each behaviour would see it: the glibc dialect of inet_aton stops at it,
// as the C function stops at the end of its C string ("1.2.3.4\0x" is
// valid), and everything else treats it as a byte it does not accept.
//
// parse_ipv4_dotted: inet_pton(AF_INET): exactly four decimal parts of one
// to three digits, each at most 255, no leading zeros (POSIX inet_pton: the
// "ddd.ddd.ddd.ddd" form only).
//
// format_ipv4: "a.b.c.d" in decimal, as inet_ntoa and inet_ntop print it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dialect.h"

namespace sock::inet {

using Ipv4Bytes = std::array<std::uint8_t, 4>;  // network byte order

// Returns false for text inet_aton rejects in that dialect; `out` is
// written only on success. Dialect::posix accepts nothing after the
// address. Dialect::glibc is GNU libc 2.36's inet_aton: the address ends at
// the first byte no part can continue with, and if that byte is ASCII
// whitespace (isspace() in the "C" locale: space, \t, \n, \v, \f, \r) or
// a NUL, the rest of the text is ignored ("127.1 junk" is 127.0.0.1);
// any other byte makes the text invalid.
[[nodiscard]] bool parse_inet_aton(std::string_view text, Dialect dialect, Ipv4Bytes& out) noexcept;

// Returns false for text inet_pton(AF_INET) rejects; `out` is written only
// on success.
[[nodiscard]] bool parse_ipv4_dotted(std::string_view text, Ipv4Bytes& out) noexcept;

inline constexpr std::size_t kIpv4TextMax = 16;  // "255.255.255.255" and a NUL

// Writes at most 15 characters (no NUL) to `out`, which must hold
// kIpv4TextMax bytes, and returns how many it wrote.
std::size_t format_ipv4(const Ipv4Bytes& address, char* out) noexcept;

}  // namespace sock::inet
