// uninstrumented_inet.cc: uninstrumented_inet.h over the second build of
// impl/inet. Compiled, like those sources, with -Dsock=sockfuzz_uninstrumented,
// so "sock::inet" below is the copy's namespace.
#include "uninstrumented_inet.h"

#include "impl/inet/dialect.h"
#include "impl/inet/ipv4_text.h"
#include "impl/inet/ipv6_text.h"

namespace sockfuzz::uninstrumented {

bool parse_ipv4_dotted(std::string_view text, Ipv4Bytes& out) noexcept {
  return sock::inet::parse_ipv4_dotted(text, out);
}

bool parse_inet_aton_as(std::string_view text, std::uint8_t dialect, Ipv4Bytes& out) noexcept {
  return sock::inet::parse_inet_aton(text, static_cast<sock::inet::Dialect>(dialect), out);
}

bool parse_ipv6(std::string_view text, Ipv6Bytes& out) noexcept { return sock::inet::parse_ipv6(text, out); }

std::size_t format_ipv4(const Ipv4Bytes& address, char* out) noexcept {
  return sock::inet::format_ipv4(address, out);
}

std::size_t format_ipv6_as(const Ipv6Bytes& address, std::uint8_t dialect, char* out) noexcept {
  return sock::inet::format_ipv6(address, static_cast<sock::inet::Dialect>(dialect), out);
}

}  // namespace sockfuzz::uninstrumented
