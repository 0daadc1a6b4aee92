// dialect.h: the named variants of behaviour the documents leave to "the
// underlying C implementation".
//
// The documents say that what inet_aton and inet_pton accept "depends on the
// underlying C implementation". The reference does not pick one silently: it
// models each known behaviour as a dialect, and a spec case lists the
// dialects' outcomes as its acceptable ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sock::inet {

enum class Dialect : std::uint8_t {
  // inet(3) as written: the four numeric forms and nothing after them;
  // RFC 5952 output for inet_ntop (mixed notation only for IPv4-mapped
  // addresses, RFC 5952 section 5).
  posix,
  // GNU libc's choices: inet_aton ignores anything after the first ASCII
  // whitespace that follows the address; inet_ntop also prints the
  // deprecated IPv4-compatible form ::a.b.c.d (RFC 4291 section 2.5.5.1).
  glibc,
};

[[nodiscard]] std::string_view name(Dialect dialect);
[[nodiscard]] std::optional<Dialect> parse_dialect(std::string_view text);

}  // namespace sock::inet
